"""Advice per level and language: the call-now sentence and a line per emergency category, what to do
at each lower level, safety-netting (what would make it an emergency) and crisis helplines."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("en", "es", "fr")

# A category whose advice already covers another's: the other's is left out when both are found.
SUBSUMES = {
    "child_breathing": ("severe_breathing",), "anaphylaxis": ("severe_breathing",),
    "cardiac": ("severe_breathing",), "head_injury": ("unconscious_or_seizure",),
}

CALL_NOW = {
    "en": ("This may be a medical emergency. Call your local emergency number now (911 in the US and Canada, "
           "112 in the EU, 999 in the UK) or go to the nearest emergency department. Do not wait to see if it "
           "passes, and do not drive yourself."),
    "es": ("Esto puede ser una emergencia médica. Llame ahora al número de emergencias (112 en España y la UE, "
           "911 en México y gran parte de América) o acuda al servicio de urgencias más cercano. No espere a ver "
           "si se pasa y no conduzca usted mismo."),
    "fr": ("Il peut s'agir d'une urgence médicale. Appelez immédiatement les secours (15 ou 112 en France, "
           "112 en Europe, 911 au Canada) ou rendez-vous aux urgences les plus proches. N'attendez pas que cela "
           "passe et ne conduisez pas vous-même."),
}

TITLES = {
    "en": {
        "cardiac": "Possible heart attack", "stroke": "Possible stroke",
        "sudden_severe_headache": "Sudden severe headache", "severe_bleeding": "Severe bleeding",
        "anaphylaxis": "Possible severe allergic reaction (anaphylaxis)", "suicidal_intent": "Thoughts of suicide",
        "meningitis": "Possible meningitis", "child_breathing": "A child struggling to breathe",
        "severe_breathing": "Severe difficulty breathing", "unconscious_or_seizure": "Unconsciousness or seizure",
        "poisoning_or_overdose": "Poisoning or overdose", "head_injury": "Head injury with warning signs",
        "pregnancy_emergency": "Warning signs in pregnancy",
    },
    "es": {
        "cardiac": "Posible infarto", "stroke": "Posible ictus", "sudden_severe_headache": "Dolor de cabeza súbito "
        "e intenso", "severe_bleeding": "Hemorragia grave", "anaphylaxis": "Posible reacción alérgica grave "
        "(anafilaxia)", "suicidal_intent": "Pensamientos de suicidio", "meningitis": "Posible meningitis",
        "child_breathing": "Un niño con dificultad para respirar", "severe_breathing": "Dificultad grave para "
        "respirar", "unconscious_or_seizure": "Pérdida de conciencia o convulsión", "poisoning_or_overdose":
        "Intoxicación o sobredosis", "head_injury": "Golpe en la cabeza con signos de alarma",
        "pregnancy_emergency": "Signos de alarma en el embarazo",
    },
    "fr": {
        "cardiac": "Possible crise cardiaque", "stroke": "Possible AVC", "sudden_severe_headache": "Mal de tête "
        "brutal et intense", "severe_bleeding": "Saignement grave", "anaphylaxis": "Possible réaction allergique "
        "grave (anaphylaxie)", "suicidal_intent": "Pensées suicidaires", "meningitis": "Possible méningite",
        "child_breathing": "Un enfant qui a du mal à respirer", "severe_breathing": "Grande difficulté à respirer",
        "unconscious_or_seizure": "Perte de connaissance ou convulsions", "poisoning_or_overdose":
        "Intoxication ou surdose", "head_injury": "Choc à la tête avec signes d'alerte",
        "pregnancy_emergency": "Signes d'alerte pendant la grossesse",
    },
}

WHILE_WAITING = {
    "en": {
        "cardiac": "Sit down and rest while you wait; unlock the door and keep your phone with you.",
        "stroke": "Note the time the symptoms started: treatment depends on it. Do not eat or drink.",
        "sudden_severe_headache": "A sudden, explosive headache can be bleeding in the brain; lie down and wait "
                                  "for help.",
        "severe_bleeding": "Press firmly on the wound with a clean cloth and keep pressing; raise the injured "
                           "part if you can.",
        "anaphylaxis": "If an adrenaline (epinephrine) auto-injector has been prescribed, use it now; lie down with "
                       "legs raised, or sit up if breathing is hard.",
        "suicidal_intent": "You do not have to face this alone. If you are in immediate danger call emergency "
                           "services; you can also call or text a crisis line now (988 in the US and Canada, "
                           "116 123 Samaritans in the UK and Ireland). Stay with someone you trust and move away "
                           "from anything you could use to harm yourself.",
        "meningitis": "Meningitis can worsen within hours: get seen now even if the person seemed well earlier.",
        "child_breathing": "Keep the child upright and calm, and watch their breathing until help arrives; if "
                           "the child stops breathing, start CPR (the call handler can guide you).",
        "severe_breathing": "Sit upright, loosen tight clothing and use a prescribed reliever inhaler if you have "
                            "one. If someone has stopped breathing, start CPR; the call handler can guide you.",
        "unconscious_or_seizure": "Do not put anything in the person's mouth; turn them on their side once "
                                  "jerking stops and time the seizure.",
        "poisoning_or_overdose": "Keep the packet or bottle to show the emergency team; do not make the person "
                                 "vomit. A poison control centre (1-800-222-1222 in the US) can also advise.",
        "head_injury": "Keep the person still and awake, and do not leave them alone.",
        "pregnancy_emergency": "Lie on your left side while you wait and bring your pregnancy notes.",
    },
    "es": {
        "cardiac": "Siéntese y descanse mientras espera; deje la puerta abierta y el teléfono a mano.",
        "stroke": "Anote la hora en que empezaron los síntomas: el tratamiento depende de ello. No coma ni beba.",
        "sudden_severe_headache": "Un dolor de cabeza súbito y explosivo puede ser un sangrado cerebral; túmbese y "
                                  "espere la ayuda.",
        "severe_bleeding": "Presione con fuerza la herida con un paño limpio sin soltar; eleve la zona herida si "
                           "puede.",
        "anaphylaxis": "Si le han recetado un autoinyector de adrenalina, úselo ahora; túmbese con las piernas "
                       "elevadas, o siéntese si le cuesta respirar.",
        "suicidal_intent": "No tiene que pasar por esto solo. Si está en peligro inmediato llame a emergencias; "
                           "también puede llamar ahora a una línea de crisis (024 en España, 988 en EE. UU.). "
                           "Quédese con alguien de confianza y aléjese de cualquier cosa con la que pueda hacerse "
                           "daño.",
        "meningitis": "La meningitis puede empeorar en horas: busque atención ahora aunque antes pareciera estar "
                      "bien.",
        "child_breathing": "Mantenga al niño incorporado y tranquilo y vigile su respiración hasta que llegue la "
                           "ayuda; si deja de respirar, inicie la RCP (el operador de emergencias le guiará).",
        "severe_breathing": "Siéntese erguido, afloje la ropa y use su inhalador de rescate si lo tiene recetado. "
                            "Si alguien ha dejado de respirar, inicie la RCP; el operador le guiará.",
        "unconscious_or_seizure": "No meta nada en la boca de la persona; póngala de lado cuando cesen las "
                                  "sacudidas y mida cuánto dura la crisis.",
        "poisoning_or_overdose": "Guarde el envase para enseñarlo al equipo de emergencias; no provoque el vómito. "
                                 "El Servicio de Información Toxicológica (91 562 04 20 en España) también puede "
                                 "orientarle.",
        "head_injury": "Mantenga a la persona quieta y despierta y no la deje sola.",
        "pregnancy_emergency": "Túmbese sobre el lado izquierdo mientras espera y lleve su cartilla de embarazo.",
    },
    "fr": {
        "cardiac": "Asseyez-vous et restez au repos en attendant ; déverrouillez la porte et gardez votre téléphone "
                   "près de vous.",
        "stroke": "Notez l'heure du début des symptômes : le traitement en dépend. Ne mangez pas et ne buvez pas.",
        "sudden_severe_headache": "Un mal de tête brutal et explosif peut être un saignement dans le cerveau ; "
                                  "allongez-vous en attendant les secours.",
        "severe_bleeding": "Appuyez fermement sur la plaie avec un linge propre sans relâcher ; surélevez la zone "
                           "blessée si possible.",
        "anaphylaxis": "Si un stylo d'adrénaline vous a été prescrit, utilisez-le maintenant ; allongez-vous jambes "
                       "surélevées, ou asseyez-vous si vous respirez mal.",
        "suicidal_intent": "Vous n'êtes pas seul. En cas de danger immédiat, appelez les secours ; vous pouvez "
                           "aussi appeler dès maintenant une ligne d'écoute (3114 en France, 988 au Canada). Restez "
                           "avec une personne de confiance et éloignez-vous de ce qui pourrait vous blesser.",
        "meningitis": "Une méningite peut s'aggraver en quelques heures : consultez maintenant, même si la personne "
                      "allait bien plus tôt.",
        "child_breathing": "Gardez l'enfant en position assise et calme, et surveillez sa respiration jusqu'à "
                           "l'arrivée des secours ; s'il cesse de respirer, commencez la RCP (le régulateur vous "
                           "guidera).",
        "severe_breathing": "Asseyez-vous bien droit, desserrez vos vêtements et utilisez votre inhalateur de "
                            "secours s'il vous a été prescrit. Si quelqu'un ne respire plus, commencez la RCP ; le "
                            "régulateur vous guidera.",
        "unconscious_or_seizure": "Ne mettez rien dans la bouche de la personne ; placez-la sur le côté quand les "
                                  "secousses cessent et chronométrez la crise.",
        "poisoning_or_overdose": "Gardez l'emballage pour le montrer aux secours ; ne faites pas vomir. Un centre "
                                 "antipoison peut aussi vous conseiller.",
        "head_injury": "Gardez la personne immobile et éveillée, et ne la laissez pas seule.",
        "pregnancy_emergency": "Allongez-vous sur le côté gauche en attendant et prenez votre dossier de "
                               "grossesse.",
    },
}


def emergency_advice(categories: tuple[str, ...] | str, language: str) -> str:
    """The call-now sentence, then what to do while waiting for each category found."""
    categories = (categories,) if isinstance(categories, str) else categories
    return " ".join([CALL_NOW[language], *(WHILE_WAITING[language][c] for c in dict.fromkeys(categories))])


NEW_CATEGORIES = {  # category: {language: (title, what to do while waiting)}
    "sepsis": {
        "en": ("Possible sepsis", "Tell the call handler you think it could be sepsis; keep the person warm and "
                                  "do not give food or drink."),
        "es": ("Posible sepsis", "Diga al operador que cree que puede ser una sepsis; mantenga a la persona "
                                 "abrigada y no le dé comida ni bebida."),
        "fr": ("Possible sepsis (infection grave)", "Dites au régulateur que vous pensez à un sepsis ; gardez la "
                                                    "personne au chaud et ne lui donnez ni à manger ni à boire."),
    },
    "diabetic_emergency": {
        "en": ("Possible diabetic emergency", "If the person is awake and can swallow and their sugar may be low, "
               "give a sugary drink or glucose tablets now; if they are drowsy, do not give anything by mouth."),
        "es": ("Posible urgencia diabética", "Si la persona está despierta, puede tragar y el azúcar puede estar "
               "bajo, dele ahora una bebida azucarada o glucosa; si está somnolienta, no le dé nada por boca."),
        "fr": ("Possible urgence diabétique", "Si la personne est éveillée, peut avaler et que le sucre est peut-être "
               "bas, donnez-lui une boisson sucrée ou du glucose ; si elle est somnolente, rien par la bouche."),
    },
    "infant_unwell": {
        "en": ("A very unwell baby or child", "Keep the child with you and watch their breathing and colour; "
               "bring any medicines they have had."),
        "es": ("Un bebé o niño muy enfermo", "Mantenga al niño con usted, vigile su respiración y su color y lleve "
               "los medicamentos que haya tomado."),
        "fr": ("Un bébé ou un enfant très malade", "Gardez l'enfant près de vous, surveillez sa respiration et sa "
               "couleur, et apportez les médicaments qu'il a reçus."),
    },
    "abdominal_emergency": {
        "en": ("Severe abdominal or pelvic pain", "Do not eat or drink until you have been seen."),
        "es": ("Dolor abdominal o pélvico intenso", "No coma ni beba hasta que le vean."),
        "fr": ("Douleur abdominale ou pelvienne intense", "Ne mangez et ne buvez rien avant d'avoir été vu."),
    },
    "cauda_equina": {
        "en": ("Back pain with nerve warning signs", "Go to an emergency department now: numbness between the "
               "legs or bladder and bowel changes with back pain need a scan within hours."),
        "es": ("Dolor de espalda con signos de alarma nerviosa", "Acuda a urgencias ahora: el adormecimiento entre "
               "las piernas o los cambios al orinar con dolor de espalda necesitan una prueba en horas."),
        "fr": ("Mal de dos avec signes d'alerte nerveux", "Allez aux urgences maintenant : un engourdissement de "
               "l'entrejambe ou des troubles urinaires avec un mal de dos demandent un examen dans les heures."),
    },
    "carbon_monoxide": {
        "en": ("Possible carbon monoxide poisoning", "Get everyone, pets too, into fresh air now, open windows, "
               "turn off gas appliances if it is safe, and do not go back in."),
        "es": ("Posible intoxicación por monóxido de carbono", "Salgan todos, mascotas incluidas, al aire libre, "
               "abran ventanas, apaguen los aparatos de gas si es seguro y no vuelvan a entrar."),
        "fr": ("Possible intoxication au monoxyde de carbone", "Sortez tout le monde, animaux compris, à l'air "
               "libre, ouvrez les fenêtres, coupez le gaz si c'est sans danger et ne rentrez pas."),
    },
    "circulation": {
        "en": ("Possible blood clot or torn blood vessel", "Sit or lie still while you wait; do not drive."),
        "es": ("Posible coágulo o rotura de un vaso sanguíneo", "Siéntese o túmbese quieto mientras espera; no "
               "conduzca."),
        "fr": ("Possible caillot ou déchirure d'un vaisseau", "Restez assis ou allongé sans bouger en attendant ; "
               "ne conduisez pas."),
    },
    "testicular_torsion": {
        "en": ("Sudden testicle pain", "Go now: a twisted testicle can be saved only in the first hours."),
        "es": ("Dolor testicular repentino", "Acuda ya: un testículo torcido solo puede salvarse en las primeras "
               "horas."),
        "fr": ("Douleur brutale du testicule", "Partez maintenant : un testicule tordu ne peut être sauvé que dans "
               "les premières heures."),
    },
    "burn": {
        "en": ("Serious burn", "Cool the burn under cool running water for 20 minutes, remove jewellery, and cover "
                               "it loosely with cling film."),
        "es": ("Quemadura grave", "Enfríe la quemadura con agua corriente fresca durante 20 minutos, quite anillos y "
                                  "cúbrala sin apretar con film transparente."),
        "fr": ("Brûlure grave", "Refroidissez la brûlure sous l'eau courante tempérée pendant 20 minutes, retirez "
                                "les bijoux et couvrez-la sans serrer d'un film alimentaire."),
    },
    "eye_emergency": {
        "en": ("Sudden problem with sight", "Do not rub the eye; if a chemical went in, rinse with clean water for "
                                            "20 minutes on the way."),
        "es": ("Problema repentino de la vista", "No se frote el ojo; si entró un producto químico, aclárelo con "
                                                 "agua limpia 20 minutos de camino."),
        "fr": ("Problème soudain de la vue", "Ne frottez pas l'œil ; si un produit chimique y est entré, rincez à "
                                            "l'eau propre pendant 20 minutes en chemin."),
    },
}
for _category, _texts in NEW_CATEGORIES.items():
    for _language, (_title, _waiting) in _texts.items():
        TITLES[_language][_category] = _title
        WHILE_WAITING[_language][_category] = _waiting

LEVEL_TITLES = {
    "en": {"emergency": "This may be an emergency", "urgent": "Get medical help today",
           "see_doctor": "Book an appointment with a doctor",
           "self_care": "You can probably look after this yourself",
           "insufficient": "Not enough to go on: please have this checked"},
    "es": {"emergency": "Puede ser una emergencia", "urgent": "Busque atención médica hoy",
           "see_doctor": "Pida cita con un médico",
           "self_care": "Probablemente pueda cuidarse en casa",
           "insufficient": "No hay datos suficientes: consulte a un profesional"},
    "fr": {"emergency": "Il peut s'agir d'une urgence", "urgent": "Faites-vous soigner aujourd'hui",
           "see_doctor": "Prenez rendez-vous avec un médecin",
           "self_care": "Vous pouvez probablement vous soigner vous-même",
           "insufficient": "Pas assez d'éléments : faites-vous examiner"},
}

LEVEL_STEPS = {
    "en": {
        "urgent": ["Contact a doctor, an urgent care service or your local health advice line (NHS 111 in "
                   "England) today, within the next few hours.",
                   "If you cannot be seen today, or it gets worse while you wait, go to an emergency department."],
        "see_doctor": ["Book an appointment with a doctor in the coming days.",
                       "Note when it started, what makes it better or worse and any medicines you take."],
        "self_care": ["This sounds like something that usually gets better on its own: rest, drink fluids, and "
                      "a pharmacist can suggest remedies that suit you.",
                      "See a doctor if it is not improving, lasts longer than expected or keeps coming back."],
        "insufficient": ["I could not recognise enough in your message to assess it, so I am not telling you "
                         "it is nothing to worry about: please speak to a doctor or a pharmacist about it.",
                         "Describing the main symptom, since when, and how bad it is helps."],
    },
    "es": {
        "urgent": ["Contacte hoy, en las próximas horas, con un médico, un servicio de urgencias o la línea de "
                   "consejo sanitario de su zona.",
                   "Si no pueden atenderle hoy, o empeora mientras espera, acuda a urgencias."],
        "see_doctor": ["Pida cita con un médico en los próximos días.",
                       "Anote cuándo empezó, qué lo mejora o empeora y los medicamentos que toma."],
        "self_care": ["Parece algo que suele mejorar por sí solo: descanse, beba líquidos y un farmacéutico "
                      "puede recomendarle remedios adecuados para usted.",
                      "Acuda al médico si no mejora, dura más de lo esperado o se repite."],
        "insufficient": ["No he podido reconocer lo suficiente en su mensaje para valorarlo, así que no le digo "
                         "que no sea nada: consúltelo con un médico o un farmacéutico.",
                         "Ayuda describir el síntoma principal, desde cuándo y cuánto le molesta."],
    },
    "fr": {
        "urgent": ["Contactez aujourd'hui, dans les prochaines heures, un médecin, un service de soins non "
                   "programmés ou le 116 117 (en France).",
                   "Si vous ne pouvez pas être vu aujourd'hui, ou si cela s'aggrave en attendant, allez aux "
                   "urgences."],
        "see_doctor": ["Prenez rendez-vous avec un médecin dans les prochains jours.",
                       "Notez quand cela a commencé, ce qui l'améliore ou l'aggrave et vos médicaments."],
        "self_care": ["Cela ressemble à quelque chose qui passe en général tout seul : reposez-vous, buvez, et un "
                      "pharmacien peut vous conseiller des remèdes adaptés.",
                      "Consultez un médecin si cela ne s'améliore pas, dure plus longtemps que prévu ou revient."],
        "insufficient": ["Je n'ai pas reconnu assez d'éléments dans votre message pour l'évaluer, je ne vous dis "
                         "donc pas que ce n'est rien : parlez-en à un médecin ou à un pharmacien.",
                         "Décrire le symptôme principal, depuis quand et son intensité aide."],
    },
}

SAFETY_NET = {  # group -> what would make it an emergency
    "en": {
        "general": "Call your emergency number if you get chest pain, difficulty breathing, confusion, fainting, "
                   "a rash that does not fade under a glass, or you feel suddenly much worse.",
        "chest": "Chest pain that spreads to the arm, jaw or back, or comes with sweating or breathlessness, is an "
                 "emergency.",
        "breathing": "Struggling to breathe, lips turning blue, or being unable to finish a sentence is an "
                     "emergency.",
        "head": "A sudden, very severe headache, a stiff neck, or new weakness, numbness or trouble speaking is an "
                "emergency.",
        "abdomen": "Severe pain that does not ease, vomiting blood, or black, tarry stools is an emergency.",
        "child": "In a child: a high temperature in a baby under 3 months, floppiness, a rash that does not fade, "
                 "or fast or noisy breathing is an emergency.",
        "fever": "A fever with confusion, cold or mottled skin, or no urine all day is an emergency.",
        "mind": "If you think about ending your life, call your emergency number or a crisis line now.",
        "pregnancy": "In pregnancy: bleeding, severe tummy pain, a bad headache with blurred vision, or the baby "
                     "moving less is an emergency.",
    },
    "es": {
        "general": "Llame a emergencias si tiene dolor en el pecho, dificultad para respirar, confusión, desmayos, "
                   "manchas que no desaparecen al presionar con un vaso o empeora de repente.",
        "chest": "Un dolor en el pecho que se extiende al brazo, la mandíbula o la espalda, o con sudor o falta "
                 "de aire, es una emergencia.",
        "breathing": "Si le cuesta mucho respirar, se le ponen los labios azules o no puede terminar una frase, "
                     "es una emergencia.",
        "head": "Un dolor de cabeza súbito y muy intenso, el cuello rígido, o debilidad, adormecimiento o "
                "dificultad para hablar nuevos son una emergencia.",
        "abdomen": "Un dolor intenso que no cede, vomitar sangre o heces negras como el alquitrán son una "
                   "emergencia.",
        "child": "En un niño: fiebre en un bebé de menos de 3 meses, estar flácido, manchas que no desaparecen o "
                 "respirar rápido o con ruido es una emergencia.",
        "fever": "Fiebre con confusión, piel fría o moteada, o no orinar en todo el día es una emergencia.",
        "mind": "Si piensa en quitarse la vida, llame ahora a emergencias o a una línea de crisis.",
        "pregnancy": "En el embarazo: sangrado, dolor fuerte de barriga, dolor de cabeza con visión borrosa o "
                     "que el bebé se mueva menos es una emergencia.",
    },
    "fr": {
        "general": "Appelez les secours en cas de douleur dans la poitrine, de difficulté à respirer, de "
                   "confusion, de malaise, de taches qui ne s'effacent pas sous un verre, ou si vous allez "
                   "brusquement plus mal.",
        "chest": "Une douleur dans la poitrine qui irradie vers le bras, la mâchoire ou le dos, ou avec sueurs ou "
                 "essoufflement, est une urgence.",
        "breathing": "Avoir beaucoup de mal à respirer, des lèvres bleues ou ne pas pouvoir finir une phrase est "
                     "une urgence.",
        "head": "Un mal de tête brutal et très violent, une nuque raide, ou une faiblesse, un engourdissement ou "
                "une difficulté à parler nouveaux sont une urgence.",
        "abdomen": "Une douleur intense qui ne passe pas, vomir du sang ou des selles noires comme du goudron "
                   "sont une urgence.",
        "child": "Chez un enfant : de la fièvre avant 3 mois, un enfant tout mou, des taches qui ne s'effacent "
                 "pas, ou une respiration rapide ou bruyante est une urgence.",
        "fever": "Une fièvre avec confusion, peau froide ou marbrée, ou pas d'urine de la journée est une urgence.",
        "mind": "Si vous pensez à mettre fin à vos jours, appelez maintenant les secours ou une ligne d'écoute.",
        "pregnancy": "Pendant la grossesse : saignement, forte douleur au ventre, mal de tête avec vision floue, "
                     "ou bébé qui bouge moins est une urgence.",
    },
}


def title(level: str, category: str | None, language: str) -> str:
    if level == "emergency":
        return TITLES[language][category] if category else LEVEL_TITLES[language]["emergency"]
    return LEVEL_TITLES[language][level]


def level_advice(level: str, categories: tuple[str, ...], language: str, insufficient: bool = False) -> list[str]:
    """The steps for ``level``; for an emergency, what to do while waiting for every category found
    (the reported one first), leaving out one whose advice another already covers."""
    if level == "emergency":
        covered = {other for c in categories for other in SUBSUMES.get(c, ())}
        return [emergency_advice(tuple(c for c in categories if c not in covered), language)]
    return list(LEVEL_STEPS[language]["insufficient" if insufficient else level])


def safety_net(level: str, groups: set[str], language: str) -> list[str]:
    """What would make it an emergency: the lines for the body systems found, then the general one."""
    if level == "emergency":
        return []
    lines = SAFETY_NET[language]
    return [lines[g] for g in sorted(groups) if g in lines and g != "general"] + [lines["general"]]


@cache
def helplines() -> dict:
    path = resources.files("core.triage").joinpath("data/helplines.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def crisis_resources(language: str, country: str | None) -> dict:
    """Where help is, now: the country's crisis lines when the profile names the country, else the default."""
    table = helplines()
    code = (country or "").upper()
    entry = table["country"].get(code) or table["default"]
    return {"country": code if code in table["country"] else None, "emergency_number": entry["emergency"],
            "lines": [dict(line) for line in entry["lines"]],
            "message": table["message"][language]}
