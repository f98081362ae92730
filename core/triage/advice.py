"""Emergency advice per language: one call-now sentence and a line for each category."""

from __future__ import annotations

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
