"""Doses as people write them, read into strength, units, doses a day and amounts taken at once."""

import pytest

from core.medicines.doses import AbsurdDose, dose_text, read_dose


def dose(text, name=None):
    return read_dose(dose_text(text), name.split() if name else None)


@pytest.mark.parametrize("text,strength,units,per_day,daily_units", [
    ("Advil 200mg, 2 tabs every 4 hours", [200], 2, 6, 12),
    ("paracetamol 1g x4/día", [1000], None, 4, 4),
    ("ibuprofeno 600 cada 8 horas", [600], None, 3, 3),
    ("Doliprane 1000 trois fois par jour", [1000], None, 3, 3),
    ("metformin 500 mg bid", [500], None, 2, 2),
    ("un comprimé matin et soir", [], 1, 2, 2),
    ("amoxicilina 875/125 c/12h", [875, 125], None, 2, 2),
    ("Augmentin 1 g, 2 veces al día", [1000], None, 2, 2),
    ("co-codamol 30/500, two tablets four times a day", [30, 500], 2, 4, 8),
    ("cetirizine 10 mg at night", [10], None, 1, 1),
    ("naproxen 500 mg q12h", [500], None, 2, 2),
    ("3 comprimés par jour", [], None, None, 3),
    ("levothyroxine 100 mcg daily", [0.1], None, 1, 1),
    ("0,5 g tres veces al día", [500], None, 3, 3),
])
def test_strength_units_and_doses_a_day(text, strength, units, per_day, daily_units):
    name = text.split()[0]
    read = dose(text, name)
    assert read.strengths_mg == pytest.approx(strength)
    assert read.units_per_dose == units and read.doses_per_day == per_day
    assert read.daily_units() == daily_units


def test_a_daily_amount_said_outright():
    alone = dose("paracetamol 4 g a day", "paracetamol")
    assert alone.strengths_mg == [4000] and alone.daily_units() == 1  # the day's total, read as one dose
    beside = dose("ibuprofène 400 mg, 2400 mg par jour", "ibuprofene")
    assert beside.strengths_mg == [400] and beside.daily_mg == 2400


def test_a_liquid_strength_per_ml_and_a_dose_in_ml():
    read = dose("Calpol 120 mg/5 ml, 10 ml four times a day", "calpol")
    assert read.strengths_mg == pytest.approx([24]) and read.units_per_dose == 10 and read.daily_units() == 40


@pytest.mark.parametrize("text,units,whole", [
    ("I took 20 tablets of paracetamol", 20, False),
    ("me tomé toda la caja de ibuprofeno", None, True),
    ("j'ai avalé toute la boîte de Doliprane", None, True),
    ("she swallowed the whole bottle", None, True),
    ("took 12 pills at once", 12, False),
])
def test_amounts_taken_at_once(text, units, whole):
    read = dose(text)
    assert read.taken_units == units and read.whole_container is whole


def test_nothing_is_assumed_when_the_text_says_nothing():
    read = dose("Tylenol", "tylenol")
    assert read.strengths_mg == [] and read.units_per_dose is None and read.daily_units() is None


@pytest.mark.parametrize("text", ["paracetamol 500000 g", "ibuprofen 200 mg, 900 tablets a day",
                                  "aspirin 75 mg every 0.1 hours"])
def test_impossible_doses_are_refused(text):
    with pytest.raises(AbsurdDose):
        dose(text, text.split()[0])


@pytest.mark.parametrize("text", ["my 3 year old got into the bottle and ate maybe 15",
                                  "my son drank a bottle of Children's Benadryl",
                                  "my toddler drank most of the bottle", "se bebió medio frasco de jarabe",
                                  "il a bu le flacon de Doliprane"])
def test_a_child_or_adult_into_a_container_is_an_amount_taken_at_once(text):
    read = dose(text)
    assert read.whole_container or read.taken_units == 15


def test_micrograms_written_with_the_micro_sign_and_a_strength_before_its_unit_word():
    assert dose("Cytotec 200 µg 2 fois par jour", "cytotec").strengths_mg == pytest.approx([0.2])
    sachets = dose("Espidifen 600 sobres cada 8 horas", "espidifen")
    assert sachets.strengths_mg == [600] and sachets.units_per_dose is None and sachets.daily_units() == 3
