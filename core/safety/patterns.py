"""Emergency patterns in English, Spanish and French.

Each category has rules; a rule is a tuple of term groups and matches when
every group is found in the (normalised: lower case, no accents, plain
apostrophes) text. Terms are regular expressions matched on word boundaries.
The lists err on the side of caution: a false alarm costs a banner, a miss
could cost a life. Plain negations are handled in red_flags.py.
"""

from __future__ import annotations

import re

# Categories, most specific advice first: the first that matches is reported.
CATEGORIES = (
    "suicidal_intent", "anaphylaxis", "child_breathing", "cardiac", "stroke", "severe_bleeding",
    "meningitis", "sudden_severe_headache", "severe_breathing", "unconscious_or_seizure",
    "poisoning_or_overdose", "head_injury", "pregnancy_emergency",
)

# A category whose advice already covers another's: the other's advice is left out when both match.
SUBSUMES = {
    "child_breathing": ("severe_breathing",), "anaphylaxis": ("severe_breathing",),
    "cardiac": ("severe_breathing",), "head_injury": ("unconscious_or_seizure",),
}

_CANT = r"(?:can ?'?t|cannot|can not|unable to|could ?n'?t|not able to)"
_POSS = r"(?:my|his|her|their|the|your|our)"

EN: dict[str, list[tuple[str, ...]]] = {
    "cardiac": [
        (r"(?:chest\W+(?:\w+\W+){0,2}?(?:pain\w*|pressure|tight\w*|heav\w*|hurt\w*|ach\w*|discomfort|squeez\w*"
         rf"|crush\w*|burn\w*)|(?:pain|pressure|tightness|heaviness|discomfort|squeezing)\s+(?:in|on|across)\s+"
         rf"(?:{_POSS}\s+)?chest|angina)",
         rf"(?:short(?:ness)? of breath|breathless\w*|out of breath|{_CANT} (?:breathe|catch {_POSS} breath)"
         r"|(?:difficulty|trouble|struggling|hard) (?:to )?breath\w*|sweat\w*|clammy|cold sweat"
         r"|(?:arm|jaw|neck|shoulder)|nause\w*|vomit\w*|faint\w*|dizz\w*|light ?headed)"),
        (r"(?:heart attack|cardiac arrest)",),
    ],
    "stroke": [
        (r"(?:face\W+(?:\w+\W+){0,2}?droop\w*|droop\w* (?:face|mouth|smile|eyelid and mouth)|facial droop\w*"
         r"|face (?:is |has )?(?:fallen|drooping|lopsided|uneven)|one side of (?:my|his|her|the) (?:face|body) "
         r"(?:is |went |feels |has gone )?(?:numb|weak|droop\w*|paraly\w*))",),
        (r"(?:slurr\w* (?:speech|words|talking)|speech (?:is |was |became )?slurred|slurring|garbled speech"
         rf"|(?:suddenly )?{_CANT} (?:speak|talk|get (?:the |my |his |her )?words out|find (?:the |my )?words))",),
        (r"(?:sudden\w* )?(?:weakness|numbness|paralysis) (?:in|of|on) (?:one|(?:my|his|her) (?:left|right)) "
         r"(?:side|arm|leg|half)",),
        (r"(?:having a stroke|signs of (?:a )?stroke|think (?:i|he|she|they) (?:am|is|are|'m|'s|'re) having a stroke"
         r"|mini[- ]stroke)",),
    ],
    "sudden_severe_headache": [
        (r"(?:worst headache of (?:my|his|her) life|thunderclap headache|sudden (?:and )?(?:severe|excruciating|"
         r"explosive|violent) headache|headache came on (?:suddenly|like a thunderclap))",),
    ],
    "severe_bleeding": [
        (r"(?:bleed\w* (?:heavily|a lot|profusely|badly|non ?stop|everywhere|uncontrollably)|bleeding (?:that |which )?"
         r"(?:won'?t|will not|does ?n'?t|does not|can'?t|cannot) (?:stop|be stopped)|(?:won'?t|will not|does ?n'?t) "
         r"stop bleeding|(?:heavy|severe|uncontrolled|massive|profuse) bleeding|(?:vomit\w*|throwing up|throw up)"
         r" (?:\w+ )?blood|blood (?:is )?(?:spurting|pouring|gushing|everywhere)|(?:spurting|gushing|pouring) blood"
         r"|haemorrhag\w*|hemorrhag\w*)",),
    ],
    "anaphylaxis": [
        (r"(?:anaphyla\w*|(?:throat|tongue) (?:is |feels |are )?(?:swell\w*|swollen|closing|closing up|tight\w*)"
         r"|swelling (?:of|in) (?:my|his|her|the) (?:throat|tongue))",),
        (r"(?:allerg\w*|stung|sting|bee|wasp|peanut\w*|nut\w*|shellfish|penicillin)",
         rf"(?:{_CANT} (?:breathe|swallow)|(?:difficulty|trouble|struggling|hard) (?:to )?(?:breath\w*|swallow\w*)"
         r"|wheez\w*|short(?:ness)? of breath|(?:lips?|face|eyes?|mouth) (?:is |are )?(?:swell\w*|swollen|puff\w*)"
         r"|swelling (?:of|in) (?:my|his|her|the) (?:lips?|face|mouth)|hives all over|faint\w*|collaps\w*)"),
    ],
    "suicidal_intent": [
        (r"(?:suicid\w*|kill(?:ing)? (?:my ?self|myself)|end (?:my|it all|my own) life|end it all|take (?:my|my own) "
         r"life|(?<!don't )(?<!dont )(?<!do not )(?<!not )(?:want|wanted|going|plan\w*|ready) to die"
         r"|(?:don'?t|do not|no longer) want to (?:live|be alive|wake up|exist)|better off dead|no reason to live"
         r"|hurt(?:ing)? myself|harm(?:ing)? myself|self[- ]harm\w*|cut(?:ting)? myself)",),
    ],
    "meningitis": [
        (r"(?:fever\w*|high temperature|temperature of (?:3[89]|4[01]|10[0-9])|feverish|burning up)",
         r"(?:stiff neck|neck (?:is |feels )?(?:stiff|rigid)|(?:can'?t|cannot) (?:bend|move) (?:my |his |her )?"
         r"(?:neck|chin to (?:my|his|her) chest)|rash (?:that |which )?(?:does ?n'?t|does not|won'?t|will not) fade"
         r"|non[- ]?blanching|purple (?:spots|rash|blotches))"),
        (r"(?:rash (?:that |which )?(?:does ?n'?t|does not|won'?t|will not) (?:fade|go away) (?:under|when|with)"
         r" (?:a )?(?:glass|pressed|pressure)|non[- ]?blanching rash|meningitis)",),
        (r"(?:stiff neck|neck (?:is |feels )?stiff)", r"headache",
         r"(?:light (?:hurts|bothers)|sensitiv\w* to light|photophobia|vomit\w*|confus\w*)"),
    ],
    "child_breathing": [
        (r"(?:baby|babies|infant|newborn|toddler|child|children|kid|kids|son|daughter|boy|girl|"
         r"\d+[- ](?:month|week|year)s?[- ]old)",
         rf"(?:(?:struggl\w*|difficult\w*|trouble|hard|labou?red) (?:to |with |for )?breath\w*|{_CANT} breathe"
         r"|gasping|grunting|(?:ribs?|chest|skin between (?:the|his|her) ribs) (?:is |are )?(?:sucking|pulling|caving)"
         r" in|(?:lips?|face|skin) (?:is |are |turn\w* |going )?(?:blue|grey|gray)|turning blue|(?:stop(?:s|ped)?|"
         r"is ?n'?t|is not|not) breathing|pauses in (?:his|her|their) breathing|breathing (?:very )?(?:fast|hard|"
         r"rapidly|heavily|noisily))"),
    ],
    "severe_breathing": [
        (rf"(?:{_CANT} (?:breathe|catch (?:my|his|her) breath|get (?:any )?air)(?! (?:well )?(?:through|out of|in) "
         r"(?:my|his|her|the|one) (?:nose|nostril))|gasping for (?:air|breath)|chok\w*|suffocat\w*|"
         r"(?:lips|face) (?:is |are )?(?:turning )?blue|(?:stopped|is ?n'?t|is not|not) breathing|"
         r"severe(?:ly)? (?:short(?:ness)? of breath|difficulty breathing|breathless)|struggling to breathe)",),
    ],
    "unconscious_or_seizure": [
        (r"(?:unconscious|unresponsive|(?:won'?t|will not|does ?n'?t|does not|can'?t|cannot) (?:wake (?:up|him|her)"
         r"|be woken)|passed out and|convuls\w*|seizing|(?:is|are|was|keeps?|been) having (?:a )?(?:seizure|fit)s?|"
         r"(?:seizure|fit) (?:that |which )?(?:won'?t|will not|is not|isn'?t|lasting|lasted|longer than|for over)|"
         r"first (?:ever )?seizure|collapsed)",),
    ],
    "poisoning_or_overdose": [
        (r"(?:overdos\w*|(?:took|taken|swallowed|ate|drank|had) (?:too many|too much|a (?:whole )?(?:bottle|"
         r"packet|pack|box) of|all (?:my|the|his|her)|\d{2,} (?:of )?(?:my )?)(?: \w+)? ?(?:pills|tablets|"
         r"capsules|paracetamol|acetaminophen|ibuprofen|medication|medicine|sleeping pills|insulin)|swallowed "
         r"(?:a |some )?(?:bleach|poison|detergent|button battery|battery|batteries|antifreeze|drain cleaner|"
         r"laundry pod|magnets)|(?<!food )poison(?:ed|ing))",),
    ],
    "head_injury": [
        (r"(?:(?:hit|bumped|banged|hurt|injured|struck|fell on|fell and hit) (?:(?:my|his|her|their) )?head|head "
         r"(?:injury|trauma|wound))",
         r"(?:vomit\w*|throwing up|threw up|confus\w*|pass(?:ed)? out|unconscious|knocked out|drows\w*|sleepy|"
         r"seizure|clear fluid|blood (?:from|out of) (?:the |his |her |my )?(?:ears?|nose)|won'?t wake)"),
    ],
    "pregnancy_emergency": [
        (r"(?:pregnan\w*|weeks pregnant)",
         r"(?:heavy bleeding|bleeding heavily|(?:severe|sharp|intense) (?:abdominal|stomach|belly|tummy|pelvic) "
         r"pain|waters? (?:have |has )?broke\w* early|baby (?:has )?stopped moving|seizure|blurred vision)"),
    ],
}

ES: dict[str, list[tuple[str, ...]]] = {
    "cardiac": [
        (r"(?:dolor(?:es)? (?:fuerte |intenso |agudo )?(?:en el |de |del )?pecho|(?:opresion|presion|peso|apreton|"
         r"ardor) (?:en el|del) pecho|(?:me|le) duele (?:mucho )?el pecho|pecho apretado|dolor toracico|angina)",
         r"(?:falta de (?:aire|aliento)|(?:me|le) falta (?:el )?(?:aire|aliento)|(?:dificultad|dificultades|"
         r"problemas) para respirar|no (?:puedo|puede) "
         r"respirar|me ahogo|ahog\w*|sudor\w*|sudando|sudo|brazo|mandibula|cuello|hombro|nause\w*|vomit\w*|"
         r"mare\w*|desmay\w*)"),
        (r"(?:ataque (?:al|de) corazon|infarto|paro cardiaco)",),
    ],
    "stroke": [
        (r"(?:cara (?:caida|torcida|paralizada|dormida|desviada)|boca (?:torcida|desviada|caida)|(?:se me|se le) "
         r"(?:cae|cayo|tuerce|torcio|durmio) (?:la cara|la boca|un lado)|un lado de (?:la|mi|su) (?:cara|cuerpo) "
         r"(?:esta |se siente )?(?:dormido|paralizado|debil|caido|entumecido))",),
        (r"(?:habla (?:arrastrada|confusa|trabada)|arrastr\w* las palabras|(?:de repente )?no (?:puedo|puede|podia) "
         r"hablar|dificultad (?:para|al) hablar|no (?:le|me) salen las palabras)",),
        (r"(?:debilidad|entumecimiento|adormecimiento|paralisis) (?:repentin\w* )?(?:en|de) (?:un lado|medio cuerpo|"
         r"la mitad del cuerpo|un brazo|una pierna|el brazo (?:izquierdo|derecho)|la pierna (?:izquierda|derecha))",),
        (r"(?:derrame cerebral|ictus|accidente cerebrovascular|embolia cerebral)",),
    ],
    "sudden_severe_headache": [
        (r"(?:(?:el )?peor dolor de cabeza de (?:mi|su) vida|dolor de cabeza (?:subito|repentino|explosivo|de golpe)"
         r"(?: y)? (?:muy )?(?:intenso|fuerte|severo|insoportable))",),
    ],
    "severe_bleeding": [
        (r"(?:sangr\w* (?:mucho|muchisimo|abundante\w*|sin parar|a chorros|demasiado)|no (?:para|deja|paro|dejo) "
         r"de sangrar|(?:hemorragia|sangrado) (?:grave|abundante|fuerte|masiv\w*|importante|que no para)|"
         r"(?:vomit\w*|vomito) (?:con )?sangre)",),
    ],
    "anaphylaxis": [
        (r"(?:anafila\w*|(?:se me|se le) (?:hincha|hincho|inflama|inflamo|cierra|cerro) (?:la garganta|la lengua)|"
         r"garganta (?:hinchada|cerrada|cerrandose|se cierra)|lengua (?:hinchada|inflamada))",),
        (r"(?:alergi\w*|picadura|pico (?:una )?(?:abeja|avispa)|mani|cacahuete\w*|marisco\w*|penicilina)",
         r"(?:no (?:puedo|puede) (?:respirar|tragar)|dificultad (?:para|al) (?:respirar|tragar)|silbid\w*|"
         r"(?:labios|cara|ojos|boca) (?:hinchad\w*|inflamad\w*)|urticaria (?:por todo|en todo)|desmay\w*)"),
    ],
    "suicidal_intent": [
        (r"(?:suicid\w*|matarme|quitarme la vida|acabar con (?:mi vida|todo)|(?<!no )(?:quiero|quisiera|deseo|voy a) "
         r"morir(?:me)?|no quiero (?:seguir )?(?:vivir|viviendo|despertar)|hacerme dano|autolesi\w*|cortarme)",),
    ],
    "meningitis": [
        (r"(?:fiebre|temperatura (?:alta|de (?:3[89]|4[01])))",
         r"(?:rigidez (?:de|en el|del) cuello|cuello (?:rigido|duro|tieso)|nuca rigida|no (?:puedo|puede) (?:doblar|"
         r"mover|bajar) el cuello|manchas (?:moradas|purpuras|violaceas)|(?:manchas|erupcion|sarpullido) que no "
         r"desaparece\w*)"),
        (r"(?:(?:manchas|erupcion|sarpullido) que no desaparece\w* al (?:presionar|apretar)|meningitis)",),
    ],
    "child_breathing": [
        (r"(?:bebe|nino|nina|hijo|hija|recien nacido|lactante|pequeno|pequena|\d+ (?:meses|anos|semanas))",
         r"(?:le cuesta respirar|(?:dificultad|problemas) para respirar|no puede respirar|respira con dificultad|"
         r"se ahoga|labios (?:morados|azules)|se pone (?:morado|azul)|se le hunden las costillas|quejido|"
         r"deja de respirar|dejo de respirar|no respira)"),
    ],
    "severe_breathing": [
        (r"(?:no (?:puedo|puede) respirar(?! por la nariz)|me (?:estoy )?ahog\w*|se (?:esta )?ahog\w*|atragant\w*|"
         r"asfixi\w*|labios (?:morados|azules)|dej\w* de respirar|falta de aire (?:grave|severa|extrema))",),
    ],
    "unconscious_or_seizure": [
        (r"(?:inconsciente|no (?:responde|reacciona|despierta|se despierta)|convulsi\w*|perdi\w* (?:el )?"
         r"conocimiento|se desplomo)",),
    ],
    "poisoning_or_overdose": [
        (r"(?:sobredosis|(?:tome|tomo|me tome|se tomo|trague|trago|ingirio|bebio) (?:demasiad\w*|muchas|muchos|"
         r"un frasco"
         r"|una caja|toda la caja|todas las|\d{2,})(?: \w+)? ?(?:pastillas|pildoras|comprimidos|medicamentos|"
         r"paracetamol|insulina)?|(?:trago|trague|bebio|ingirio) (?:lejia|veneno|cloro|una pila|pilas|una bateria|"
         r"anticongelante)|envenen\w*)",),
    ],
    "head_injury": [
        (r"(?:golpe\w* (?:fuerte )?(?:en|de) la cabeza|(?:me|se) (?:golpe\w*|pego|pegue) (?:en )?la cabeza|"
         r"traumatismo craneal)",
         r"(?:vomit\w*|confus\w*|desmay\w*|inconsciente|somnolient\w*|perdio el conocimiento|sangre por (?:el oido|"
         r"los oidos|la nariz))"),
    ],
    "pregnancy_emergency": [
        (r"embarazad\w*",
         r"(?:sangrado abundante|sangr\w* mucho|hemorragia|dolor (?:fuerte|intenso|muy fuerte) (?:de|en el) "
         r"(?:vientre|abdomen|barriga)|el bebe (?:ya )?no se mueve|vision borrosa|convulsi\w*)"),
    ],
}

FR: dict[str, list[tuple[str, ...]]] = {
    "cardiac": [
        (r"(?:douleur\w* (?:\w+ )?(?:a la|a|dans la|de la|de) poitrine|(?:oppression|serrement|pression|poids|"
         r"brulure) (?:dans|sur|a) la poitrine|mal (?:a|dans) la poitrine|douleur thoracique|poitrine (?:serree|"
         r"oppressee|qui serre)|angine de poitrine)",
         r"(?:essouffl\w*|souffle court|manque d'air|(?:du mal|de la peine) a respirer|difficult\w* (?:a|pour) "
         r"respirer|(?:n'arrive|n'arrivais) pas a respirer|ne (?:peux|peut) pas respirer|sueur\w*|transpir\w*|moite"
         r"|bras|machoire|cou|epaule|nause\w*|vomi\w*|malaise|vertige\w*|evanoui\w*)"),
        (r"(?:crise cardiaque|infarctus|arret cardiaque)",),
    ],
    "stroke": [
        (r"(?:visage (?:affaisse|paralyse|tordu|deforme|de travers)|bouche (?:tordue|de travers|deformee)|"
         r"(?:un cote|la moitie) du visage (?:est )?(?:paralyse|engourdi|affaisse|tombe))",),
        (r"(?:parole (?:pateuse|confuse|difficile)|(?:il |elle |je )?(?:parle|articule) (?:mal|difficilement)|"
         r"difficult\w* (?:a|pour) parler|(?:n'arrive|n'arrivait) (?:pas|plus) a parler|ne (?:peut|peux) plus "
         r"parler|bredouill\w*)",),
        (r"(?:faiblesse|engourdissement|paralysie) (?:soudaine? )?(?:d'un|du|d'une|de la moitie du|dans le|dans la)"
         r" ?(?:cote|bras|jambe|corps)",),
        (r"(?:avc|accident vasculaire cerebral|attaque cerebrale)",),
    ],
    "sudden_severe_headache": [
        (r"(?:(?:le )?pire mal de tete de (?:ma|sa) vie|mal de tete (?:soudain|brutal|explosif) et (?:violent|"
         r"intense|terrible|insupportable)|cephalee (?:en coup de tonnerre|brutale))",),
    ],
    "severe_bleeding": [
        (r"(?:saign\w* (?:abondamment|beaucoup|enormement|sans arret|sans s'arreter)|(?:hemorragie|saignement) "
         r"(?:grave|abondant\w*|important\w*|massi\w*|qui ne s'arrete pas)|ne s'arrete pas de saigner|"
         r"(?:le sang|ca) ne s'arrete pas|vomi\w* du sang)",),
    ],
    "anaphylaxis": [
        (r"(?:anaphyla\w*|(?:la )?(?:gorge|langue) (?:qui )?(?:gonfl\w*|enfl\w*|se ferme|serree)|(?:gonflement|"
         r"oedeme) (?:de la|du|des) (?:gorge|langue)|oedeme de quincke)",),
        (r"(?:allergi\w*|piqure|pique par une (?:abeille|guepe)|arachide\w*|cacahuete\w*|fruits de mer|penicilline)",
         r"(?:ne (?:peux|peut) pas (?:respirer|avaler)|du mal a (?:respirer|avaler)|sifflement\w*|(?:levres|visage|"
         r"yeux|bouche) (?:gonfl\w*|enfl\w*)|urticaire (?:generalisee|partout)|malaise)"),
    ],
    "suicidal_intent": [
        (r"(?:suicid\w*|me tuer|mettre fin a (?:mes jours|ma vie)|en finir|(?:je veux|j'ai envie de|envie de) mourir"
         r"|(?:ne veux plus|n'ai plus envie de) vivre|me faire du mal|automutil\w*|scarifi\w*)",),
    ],
    "meningitis": [
        (r"(?:fievre|temperature (?:elevee|de (?:3[89]|4[01])))",
         r"(?:nuque raide|raideur (?:de la|dans la|a la) nuque|cou raide|(?:taches|boutons|eruption) (?:violet\w*|"
         r"pourpre\w*)|(?:taches|eruption|boutons) qui ne (?:s'efface\w*|disparai\w*) pas|purpura)"),
        (r"(?:purpura fulminans|meningite)",),
    ],
    "child_breathing": [
        (r"(?:bebe|nourrisson|enfant|fils|fille|petit|petite|nouveau-ne|\d+ (?:mois|ans|semaines))",
         r"(?:du mal a respirer|respire (?:mal|difficilement|tres vite)|difficult\w* (?:a|pour) respirer|"
         r"(?:n'arrive|n'arrivait) pas a respirer|ne respire plus|levres bleues|devient bleu\w*|geignement\w*|"
         r"tirage|cotes qui se creusent|s'etouffe|ne respire pas)"),
    ],
    "severe_breathing": [
        (r"(?:(?:ne (?:peux|peut) pas|n'arrive (?:pas|plus) a|n'arrivais pas a) respirer(?! par le nez)|"
         r"(?:j'|je |il |elle )?(?:etouffe|suffoque)|suffocation|levres bleues|ne respire plus|"
         r"detresse respiratoire)",),
    ],
    "unconscious_or_seizure": [
        (r"(?:inconscient\w*|ne (?:reagit|repond) (?:plus|pas)|ne se reveille pas|perte de connaissance|"
         r"perdu connaissance|convuls\w*|crise d'epilepsie|s'est effondre\w*)",),
    ],
    "poisoning_or_overdose": [
        (r"(?:surdose|overdose|(?:avale|pris|prise) (?:trop de|toute la boite|une boite|plein de|\d{2,})(?: \w+)? ?"
         r"(?:medicaments|comprimes|cachets|pilules|paracetamol|insuline)?|(?:avale|bu) (?:de la javel|du poison|"
         r"une pile|des piles|de l'antigel|du deboucheur)|empoisonn\w*|intoxiqu\w*(?! alimentaire))",),
    ],
    "head_injury": [
        (r"(?:(?:cogne|tape|heurte) (?:la|sa|ma) tete|(?:coup|choc) (?:violent )?(?:a|sur) la tete|tombe sur la tete"
         r"|traumatisme cranien)",
         r"(?:vomi\w*|confus\w*|somnolen\w*|perdu connaissance|inconscient\w*|sang (?:par|de) (?:l'oreille|le nez))"),
    ],
    "pregnancy_emergency": [
        (r"enceinte",
         r"(?:saign\w* beaucoup|saignement\w* abondant\w*|hemorragie|douleur\w* (?:intense|violente|forte)\w* "
         r"(?:au|dans le) ventre|(?:le )?bebe ne bouge plus|vision floue|convuls\w*)"),
    ],
}

PATTERNS = {"en": EN, "es": ES, "fr": FR}


def _compile(term: str) -> re.Pattern:
    return re.compile(rf"(?<![\w]){term}(?![\w])")


# category -> list of rules; each rule a tuple of compiled groups (all must match)
COMPILED: dict[str, list[tuple[re.Pattern, ...]]] = {
    category: [tuple(_compile(group) for group in rule)
               for lang in PATTERNS.values() for rule in lang.get(category, [])]
    for category in CATEGORIES
}
