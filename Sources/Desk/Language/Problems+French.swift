extension DeskLanguage {
    /// The names of the report's actions and codes, and the row problems, in French.
    static let frenchProblemWords: [String: String] = [
        "action.valid": "prête", "action.invalid": "à corriger", "action.skipped": "ignorée", "action.found": "trouvée",
        "action.created": "créée", "action.updated": "mise à jour", "action.unchanged": "inchangée", "action.failed": "échouée",
        "action.invited": "invitée", "action.credited": "créditée", "action.debited": "débitée", "action.would-skip": "serait ignorée",
        "action.would-find": "serait trouvée", "action.would-create": "serait créée", "action.would-update": "serait mise à jour",
        "action.would-fail": "échouerait", "action.would-invite": "serait invitée", "action.would-credit": "serait créditée",
        "action.would-debit": "serait débitée",
        "code.missing-email": "pas d'e-mail", "code.invalid-email": "adresse e-mail non valide",
        "code.duplicate-key": "le même e-mail à nouveau",
        "code.invalid-value": "une valeur que l'attribut n'accepte pas", "code.unknown-attribute": "pas un attribut de Leat",
        "code.ambiguous-points": "des points lisibles de deux façons", "code.duplicate-member": "le même membre à nouveau",
        "code.invalid-referrer": "parrain non valide", "code.missing-referrer": "pas de parrain", "code.missing-identifier": "pas d'invité",
        "code.missing-type": "pas de type", "code.1206": "un type que Capillary n'accepte pas (1206)",
        "code.1701": "un invité qui ne correspond pas à son type (1701)", "code.missing-campaign-token": "pas de jeton de campagne",
        "code.invalid-invited-on": "pas une date", "code.contact-not-found": "membre absent de Leat",
        "code.would-debit": "retirerait des points", "code.field-count": "un autre nombre de cellules que l'en-tête",
        "code.nul-byte": "un octet NUL", "code.field-too-large": "une cellule trop grande", "code.malformed-quote": "un guillemet égaré",
        "code.invalid-json": "pas du JSON", "code.cell-error": "une erreur dans une cellule",
        "problem.asMessage": "{{message}}", "problem.missingEmail": "la cellule de l'e-mail est vide",
        "problem.invalidEmail": "« {{value}} » n'est pas une adresse e-mail valide : {{fault}}",
        "problem.sameEmail":
            "le même e-mail qu'à la ligne {{line}} (la règle pour un e-mail sur plusieurs lignes est : lister les suivantes à corriger) ; supprimez l'une des deux lignes",
        "problem.invalidValue":
            "« {{value}} » dans la colonne « {{column}} » n'est pas ce que {{attribute}} ({{type}}) accepte : {{accepted}}",
        "problem.readOnlyAttribute": "{{attribute}} est en lecture seule dans Leat ({{as}}) : un import ne peut pas le définir",
        "problem.unknownAttribute": "{{attribute}} n'est pas un attribut de contact de Leat",
        "problem.unknownAttributeLike": "{{attribute}} n'est pas un attribut de contact de Leat ; vouliez-vous dire {{like}} ?",
        "problem.invalidPoints": "« {{value}} » n'est pas un nombre entier de points : {{why}}",
        "problem.ambiguousPoints":
            "« {{value}} » peut se lire {{whole}} ou {{part}} et une fraction : écrivez les points sans séparateur",
        "problem.sameMember": "la ligne {{line}} fixe déjà le solde de ce membre ; un solde par membre",
        "problem.invalidReferrerMobile":
            "le mobile du parrain « {{value}} » n'est pas un numéro de mobile : des chiffres seulement, indicatif du pays compris (p. ex. 33612345678)",
        "problem.invalidReferrerEmail": "l'e-mail du parrain « {{value}} » n'est pas une adresse e-mail valide : {{fault}}",
        "problem.missingReferrer": "pas de parrain : remplissez referrer_mobile ou referrer_email",
        "problem.missingIdentifier": "pas d'identifiant : remplissez le mobile ou l'e-mail de l'invité",
        "problem.missingType": "pas de type : remplissez MOBILE ou EMAIL, ou choisissez le type des invités sur la page de correspondance",
        "problem.unsupportedType": "Le type de parrainage « {{value}} » n'est pas pris en charge : utilisez MOBILE ou EMAIL",
        "problem.identifierNotEmail": "« {{value}} » n'est pas une adresse e-mail : {{fault}}",
        "problem.identifierNotMobile":
            "« {{value}} » n'est pas un numéro de mobile de 10 à 15 chiffres avec l'indicatif du pays (sans + ni espaces)",
        "problem.missingCampaignToken": "pas de jeton de campagne : remplissez campaign_token ou donnez-le sur la page de correspondance",
        "problem.invalidInvitedOn":
            "invited_on « {{value}} » n'est pas une date ou une heure comme 2026-11-24 ou 2026-11-24T16:35:52Z ; laissez-le vide pour maintenant",
        "problem.memberNotFound":
            "aucun membre avec cet e-mail dans Leat : vérifiez l'e-mail, ou laissez l'import créer les membres que Leat n'a pas",
        "problem.wouldDebit": "cela retirerait {{points}} points (solde {{balance}}), et cet import n'en retire aucun",
        "email.empty": "l'e-mail est vide", "email.tooLong": "plus de 254 caractères", "email.space": "contient une espace",
        "email.tab": "contient une tabulation", "email.moreThanOneAt": "a plus d'un @", "email.noAt": "n'a pas de @",
        "email.nothingBeforeAt": "rien avant le @", "email.nothingAfterAt": "rien après le @",
        "email.localPartTooLong": "plus de 64 caractères avant le @",
        "email.characterBeforeAt": "le caractère « {{character}} » n'est pas permis avant le @",
        "email.dotsBeforeAt": "un point au début ou à la fin de la partie avant le @, ou deux points de suite",
        "email.characterInDomain": "le caractère « {{character}} » n'est pas permis dans le domaine",
        "email.domainWithoutDot": "le domaine « {{domain}} » n'a pas de point",
        "email.emptyDomainPart": "le domaine a une partie vide (deux points de suite, ou un point au début ou à la fin)",
        "email.domainPartTooLong": "une partie du domaine dépasse 63 caractères",
        "email.hyphenAtDomainPartEdge": "une partie du domaine commence ou finit par un tiret",
        "email.noTopLevelDomain": "le domaine ne finit pas par un domaine de premier niveau comme .com ou .fr",
        "points.notANumber": "ce n'est pas un nombre", "points.notThousands": "ses groupes de chiffres ne sont pas des milliers",
        "points.notWhole": "les points sont des nombres entiers", "points.tooLarge": "c'est plus de 2 147 483 647 points",
        "row.fieldCount":
            "l'en-tête a {{expected}} cellules et cette ligne {{found}} ; vérifiez le séparateur et que les guillemets sont équilibrés",
        "row.nulByte": "la cellule {{field}} contient un octet NUL ; enregistrez le fichier en texte CSV UTF-8",
        "row.fieldTooLarge": "la cellule {{field}} dépasse {{limit}} octets ; un guillemet est-il resté ouvert ?",
        "row.malformedQuote":
            "la cellule {{field}} a du texte après son guillemet fermant, donc le reste de cette ligne n'a pas été lu ; mettez toute la cellule entre guillemets et doublez les guillemets à l'intérieur (\"5\"\" écran\"), ou retirez les guillemets",
        "row.invalidJSON": "pas un objet JSON : {{detail}}",
        "row.cellSharedString":
            "la cellule {{cell}} renvoie au texte partagé {{index}}, que le classeur n'a pas ; ouvrez-le dans Excel et enregistrez-le à nouveau",
        "row.cellError": "la cellule {{cell}} contient l'erreur {{error}} ; corrigez la formule ou la valeur dans Excel",
        "row.cellWithoutHeader":
            "la cellule {{cell}} contient « {{value}} » mais sa colonne n'a pas d'en-tête ; donnez un en-tête à la colonne en ligne 1 ou videz la cellule",
        "row.lineTooLong": "la ligne dépasse {{limit}} octets",
    ]
}
