"""Free text to items: quantities, fractions, units and household measures."""

import pytest

from plugins.diet.items import items_from_text
from plugins.diet.parsing import ParseError, parse_piece, split_text


@pytest.mark.parametrize("text, quantity, unit, size, food", [
    ("2 eggs", 2, None, None, "eggs"),
    ("a cup of orange juice", 1, "cup", None, "orange juice"),
    ("150 g rice", 150, "g", None, "rice"),
    ("150g cooked rice", 150, "g", None, "cooked rice"),
    ("rice (150 g)", 150, "g", None, "rice"),
    ("chicken breast 200g", 200, "g", None, "chicken breast"),
    ("1 1/2 cups milk", 1.5, "cup", None, "milk"),
    ("½ cup chopped broccoli", 0.5, "cup", None, "broccoli"),
    ("1½ cups oats", 1.5, "cup", None, "oats"),
    ("3/4 cup yogurt", 0.75, "cup", None, "yogurt"),
    ("2-3 slices bacon", 2.5, "slice", None, "bacon"),
    ("half a banana", 0.5, None, None, "banana"),
    ("a dozen eggs", 12, None, None, "eggs"),
    ("two large apples", 2, None, "large", "apples"),
    ("a medium banana", 1, None, "medium", "banana"),
    ("2 tablespoons peanut butter", 2, "tbsp", None, "peanut butter"),
    ("8 fl oz orange juice", 8, "fl oz", None, "orange juice"),
    ("0.5 kg potatoes", 0.5, "kg", None, "potatoes"),
    ("1,5 l water", 1.5, "l", None, "water"),
    ("eggs x2", 2, None, None, "eggs"),
    ("2 x 150 g chicken", 300, "g", None, "chicken"),
    ("cup of coffee", 1, "cup", None, "coffee"),
    ("2% milk", 1, None, None, "2% milk"),
    ("I had 3 slices of pizza", 3, "slice", None, "pizza"),
    ("some butter", 1, None, None, "butter"),
])
def test_quantity_unit_and_food(text, quantity, unit, size, food):
    item = parse_piece(text)
    assert (item.quantity, item.unit, item.size, item.food) == (pytest.approx(quantity), unit, size, food)


def test_cut_words_choose_the_portion_not_the_food():
    assert parse_piece("1 cup sliced strawberries").prep == ("sliced",)


def test_a_piece_without_food_or_with_a_zero_divisor_is_refused():
    with pytest.raises(ParseError):
        parse_piece("2 cups")
    with pytest.raises(ParseError):
        parse_piece("1/0 eggs")


def test_split_at_separators_keeps_decimal_commas():
    assert split_text("2 eggs, toast; a banana\ncoffee + milk, 1,5 kg rice") == [
        "2 eggs", "toast", "a banana", "coffee", "milk", "1,5 kg rice"]


def test_and_or_with_split_unless_the_whole_names_one_food():
    foods = [i.food for i in items_from_text("a slice of whole wheat toast with butter, macaroni and cheese, "
                                             "2 eggs and bacon")]
    assert foods == ["whole wheat toast", "butter", "macaroni and cheese", "eggs", "bacon"]


def test_a_counted_food_after_and_is_its_own_item(analyse):
    body = analyse("toast and a banana").get_json()
    names = [item["food"]["name"].lower() for item in body["items"]]
    assert len(names) == 2 and not any("banana bread" in n or "bread, banana" in n for n in names)
    assert any("banana" in n for n in names)
    whole = analyse("macaroni and cheese").get_json()
    assert len(whole["items"]) == 1  # one food, still
