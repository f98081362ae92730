"""What a medication review says, in English, Spanish and French. The tables hold each rule's own
effect; these are the sentences around it."""

from __future__ import annotations

FINDINGS = {
    "interaction": {
        "en": "{a} with {b}: {effect}.",
        "es": "{a} con {b}: {effect}.",
        "fr": "{a} avec {b} : {effect}.",
    },
    "condition": {
        "en": "{a} with {about}: {effect}.",
        "es": "{a} con {about}: {effect}.",
        "fr": "{a} en cas de {about} : {effect}.",
    },
    "allergy": {
        "en": "You listed an allergy to {about}, and {a} is that medicine or one of its family: it can cause "
              "the same reaction.",
        "es": "Indicó alergia a {about}, y {a} es ese medicamento o de su misma familia: puede causar la misma "
              "reacción.",
        "fr": "Vous avez signalé une allergie à {about}, et {a} est ce médicament ou de la même famille : il "
              "peut provoquer la même réaction.",
    },
    "cross_reactivity": {
        "en": "You listed an allergy to {about}: {a} {effect}.",
        "es": "Indicó alergia a {about}: {a} {effect}.",
        "fr": "Vous avez signalé une allergie à {about} : {a} {effect}.",
    },
    "age": {
        "en": "{a} at {about}: {effect}.",
        "es": "{a} a los {about}: {effect}.",
        "fr": "{a} à {about} : {effect}.",
    },
    "pregnancy": {
        "en": "{a} in pregnancy: {effect}.",
        "es": "{a} en el embarazo: {effect}.",
        "fr": "{a} pendant la grossesse : {effect}.",
    },
    "duplicate": {
        "en": "{a} is in more than one of these medicines ({items}): taken together they add up, and the "
              "total can go over the safe dose.",
        "es": "{a} está en más de uno de estos medicamentos ({items}): juntos se suman y el total puede "
              "superar la dosis segura.",
        "fr": "{a} est présent dans plusieurs de ces médicaments ({items}) : pris ensemble, ils s'additionnent "
              "et le total peut dépasser la dose sûre.",
    },
    "max_dose": {
        "en": "{a}: {daily} mg a day is more than the usual adult maximum of {maximum} mg a day.",
        "es": "{a}: {daily} mg al día es más que la dosis máxima habitual en adultos, {maximum} mg al día.",
        "fr": "{a} : {daily} mg par jour, c'est plus que la dose maximale habituelle chez l'adulte, "
              "{maximum} mg par jour.",
    },
    "overdose": {
        "en": "Taking this much {a} at once can be dangerous even if you feel well: call emergency services or "
              "a poison centre now.",
        "es": "Tomar tanto {a} de una vez puede ser peligroso aunque se sienta bien: llame ahora a emergencias "
              "o a un centro de toxicología.",
        "fr": "Prendre autant de {a} en une fois peut être dangereux même si vous vous sentez bien : appelez "
              "maintenant les urgences ou un centre antipoison.",
    },
    "unrecognised": {
        "en": "\"{a}\" was not recognised, so it was not checked. Ask a pharmacist about it.",
        "es": "No se reconoció \"{a}\", así que no se comprobó. Pregunte a un farmacéutico.",
        "fr": "« {a} » n'a pas été reconnu, il n'a donc pas été vérifié. Demandez à un pharmacien.",
    },
    "ambiguous": {
        "en": "\"{a}\" is sold under that name with different ingredients ({items}), so it was not checked. "
              "Check the pack, or ask a pharmacist.",
        "es": "\"{a}\" se vende con ese nombre con distintos principios activos ({items}), así que no se "
              "comprobó. Mire el envase o pregunte a un farmacéutico.",
        "fr": "« {a} » est vendu sous ce nom avec des substances différentes ({items}), il n'a donc pas été "
              "vérifié. Regardez la boîte ou demandez à un pharmacien.",
    },
}

ADVICE = {
    "contraindicated": {
        "en": "Do not take this unless a doctor who knows about it has told you to. Ask a doctor or pharmacist.",
        "es": "No lo tome salvo que un médico que lo sepa se lo haya indicado. Consulte a un médico o "
              "farmacéutico.",
        "fr": "Ne le prenez pas sauf si un médecin informé vous l'a prescrit. Demandez à un médecin ou à un "
              "pharmacien.",
    },
    "major": {
        "en": "Talk to a doctor or pharmacist before taking it.",
        "es": "Hable con un médico o farmacéutico antes de tomarlo.",
        "fr": "Parlez-en à un médecin ou à un pharmacien avant de le prendre.",
    },
    "moderate": {
        "en": "Ask a pharmacist whether it is right for you.",
        "es": "Pregunte a un farmacéutico si es adecuado para usted.",
        "fr": "Demandez à un pharmacien s'il vous convient.",
    },
    "emergency": {
        "en": "Call emergency services or a poison centre now.",
        "es": "Llame ahora a emergencias o a un centro de toxicología.",
        "fr": "Appelez maintenant les urgences ou un centre antipoison.",
    },
    "unknown": {
        "en": "Ask a pharmacist before taking it with your other medicines.",
        "es": "Pregunte a un farmacéutico antes de tomarlo con sus otros medicamentos.",
        "fr": "Demandez à un pharmacien avant de le prendre avec vos autres médicaments.",
    },
}

SUMMARIES = {
    "emergency": {
        "en": "This may be an overdose. Get help now.",
        "es": "Esto puede ser una sobredosis. Pida ayuda ahora.",
        "fr": "Il peut s'agir d'un surdosage. Demandez de l'aide maintenant.",
    },
    "avoid": {
        "en": "Some of these medicines should not be taken this way without a doctor's or pharmacist's advice.",
        "es": "Algunos de estos medicamentos no deben tomarse así sin consejo de un médico o farmacéutico.",
        "fr": "Certains de ces médicaments ne doivent pas être pris ainsi sans l'avis d'un médecin ou d'un "
              "pharmacien.",
    },
    "caution": {
        "en": "These medicines need care together or with your health: ask a pharmacist.",
        "es": "Estos medicamentos requieren precaución juntos o con su salud: pregunte a un farmacéutico.",
        "fr": "Ces médicaments demandent des précautions ensemble ou avec votre santé : demandez à un "
              "pharmacien.",
    },
    "incomplete": {
        "en": "Some medicines were not recognised, so this check is incomplete: ask a pharmacist about them.",
        "es": "Algunos medicamentos no se reconocieron, así que la comprobación está incompleta: pregunte a un "
              "farmacéutico.",
        "fr": "Certains médicaments n'ont pas été reconnus, la vérification est donc incomplète : demandez à un "
              "pharmacien.",
    },
    "none_found": {
        "en": "No problem was found in Hygeia's medicine tables for these medicines and your profile. The tables "
              "do not cover everything: if in doubt, ask a pharmacist.",
        "es": "No se encontró ningún problema en las tablas de medicamentos de Hygeia para estos medicamentos y "
              "su perfil. Las tablas no lo cubren todo: si tiene dudas, pregunte a un farmacéutico.",
        "fr": "Aucun problème n'a été trouvé dans les tables de médicaments de Hygeia pour ces médicaments et "
              "votre profil. Elles ne couvrent pas tout : en cas de doute, demandez à un pharmacien.",
    },
}

DISCLAIMER = {
    "en": "Information from sourced tables, not a prescription: it does not replace a pharmacist or doctor.",
    "es": "Información de tablas con fuentes, no una receta: no sustituye a un farmacéutico ni a un médico.",
    "fr": "Informations issues de tables sourcées, pas une ordonnance : elles ne remplacent pas un pharmacien "
          "ni un médecin.",
}

AGE = {"en": "age {n}", "es": "{n} años", "fr": "{n} ans"}
AGE_MONTHS = {"en": "{n} months old", "es": "{n} meses", "fr": "{n} mois"}
PREGNANCY_WEEKS = {"en": " (from week {n})", "es": " (desde la semana {n})", "fr": " (à partir de la semaine {n})"}


def say(table: dict, key: str, language: str, **values) -> str:
    texts = table[key]
    return texts.get(language, texts["en"]).format(**values)
