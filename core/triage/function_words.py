"""The commonest words of English, Spanish and French: the language detector's first votes
(core.triage.language), and real words that the lexicon's and the medicine index's typo checks
leave alone. A module of its own so both sides read it without importing each other."""

FUNCTION_WORDS = {
    "en": frozenset("i i'm im i've ive my me is it the and have has been since for with was can't cant can not "
                    "don't dont he she his her him we our you your of to in on at this that what should feel "
                    "feels feeling hurts hurt pain really very got like just after".split()),
    "es": frozenset("yo mi mis me tengo tiene estoy esta el los las del y con desde hace que muy pero por para "
                    "se le lo duele dolor siento tiene mucho una unos como cuando ayer hoy mama bebe "
                    "nino nina hijo hija puedo puede es".split()),
    "fr": frozenset("je j'ai j'ai ai suis moi mon ma mes il elle est et avec depuis tres mais pour pas ne n'ai "
                    "n'arrive du des au aux le les une c'est qu'il qu'elle ca j'ai mal fils fille bebe hier "
                    "aujourd'hui peux peut tete ventre".split()),
}
