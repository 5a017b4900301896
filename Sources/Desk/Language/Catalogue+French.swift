extension DeskLanguage {
    /// The desk's words in French.
    static let frenchCatalogue: [String: String] = frenchPageWords.merging(frenchMessageWords) { first, _ in first }

    private static let frenchPageWords: [String: String] = [
        "layout.title": "loyalty-batch desk", "layout.desk": "guichet d'import", "layout.exports": "Exports", "layout.language": "Langue",
        "layout.signOut": "Se déconnecter",
        "upload.heading": "Importer des contacts ou des soldes de points dans Leat, ou envoyer des invitations de parrainage",
        "upload.intro":
            "Choisissez un tableur : CSV (tout séparateur, UTF-8 ou Windows-1252), NDJSON ou un classeur Excel (.xlsx). {{maxMegabytes}} Mo au plus. Rien n'est envoyé avant que vous ne le demandiez.",
        "upload.holds": "Le fichier contient", "upload.contacts": "des contacts, à importer dans Leat",
        "upload.invites": "des invitations de parrainage, à envoyer par Capillary",
        "upload.balances": "des soldes de points de membres, à transférer dans Leat",
        "upload.noCapillary":
            "Capillary n'est pas configuré sur ce guichet : la personne qui l'administre peut le démarrer avec CAPILLARY_API_URL et ses identifiants.",
        "upload.drop": "Déposez le fichier ici, ou choisissez-le :", "upload.send": "Envoyer le fichier", "upload.progress": "envoi",
        "upload.jobs": "Tâches de ce guichet",
        "jobs.file": "fichier", "jobs.kind": "type", "jobs.who": "qui", "jobs.uploaded": "envoyé", "jobs.started": "lancé",
        "jobs.state": "état", "jobs.ok": "réussies", "jobs.failed": "échouées",
        "table.line": "ligne", "table.reason": "raison", "table.rows": "lignes",
        "map.leatProblem":
            "Les attributs de Leat n'ont pas pu être lus : Leat à {{.}}. Seuls l'e-mail, de nouveaux attributs et « ignorer » peuvent être choisis.",
        "map.firstRows": "Les premières lignes", "map.where": "Où va chaque colonne", "map.column": "colonne", "map.example": "par exemple",
        "map.goesTo": "va vers", "map.rules": "Règles", "map.sameEmail": "Quand un e-mail figure sur plusieurs lignes :",
        "map.blank": "Quand une cellule est vide :", "map.withoutThem": "Pour les lignes sans ces valeurs",
        "map.invitees": "Les invités sont :",
        "map.campaignToken": "Jeton de campagne :",
        "map.campaignTokenHint": "(de la campagne Capillary ; laissez vide si une colonne le contient)",
        "map.invitesOnce":
            "Une invitation présente sur plusieurs lignes est envoyée une fois. Chaque invitation part au plus une fois, même après un arrêt ou une panne.",
        "map.pointsHow": "Comment les points entrent", "map.points": "Les points :", "map.shop": "La boutique qui les reçoit :",
        "map.noDebit": "ne jamais retirer de points (un membre qui a plus de points dans Leat est listé à corriger)",
        "map.createContacts": "créer les membres que Leat n'a pas encore",
        "map.pointsOnce": "Les points de chaque membre sont transférés une fois, même après un arrêt ou une panne.",
        "map.check": "Vérifier les lignes", "map.jobFile": "Télécharger comme fichier de tâche",
        "map.jobFileHint": "(lancez-le avec <code>loyalty-batch run FICHIER.yml</code>, le tableur à côté)",
        "checking.heading": "{{fileName}} : vérification des lignes",
        "checking.queued":
            "En attente de son tour : le guichet traite quelques tâches à la fois, et cette vérification est la numéro {{.}} de la file.",
        "checking.bar": "lignes vérifiées", "checking.progress": "{{done}} sur ~{{total}} lignes vérifiées ({{percent}} %)",
        "checking.nothingSent": "Rien n'est envoyé pendant la vérification. Cette page affiche le résultat quand elle est terminée.",
        "check.heading": "{{fileName}} : les lignes, vérifiées",
        "check.counts":
            "Rien n'a encore été envoyé. {{rows}} lignes : <strong>{{valid}} prêtes</strong>{{#skipped}}, {{.}} ignorées (le même {{words.key}} à nouveau){{/skipped}}, <strong>{{invalid}} à corriger</strong>.",
        "check.downloadToFix": "Télécharger les lignes à corriger",
        "check.downloadToFixHint":
            " : au format du fichier, avec une colonne qui dit ce qui ne va pas ; corrigez-les et renvoyez le fichier.",
        "check.downloadFixed": "Télécharger votre fichier avec les corrections",
        "check.downloadFixedHint": " : à son format, chaque ligne, les {{.}} corrigées ici telles que corrigées.",
        "check.fixedHere": "({{.}} corrigées ici)", "check.preview": "Aperçu de ce que cela ferait (rien n'est modifié)",
        "check.changeMapping": "modifier la correspondance", "check.jobFile": "télécharger le fichier de tâche",
        "delete.job": "Supprimer cette tâche et ses fichiers",
        "delete.jobHint": "(le fichier envoyé, les rapports et les lignes à corriger)",
        "toFix.heading": "Lignes à corriger", "toFix.page": "(page {{page}} sur {{pages}})",
        "toFix.howToFix":
            "Corrigez une ligne dans ses cellules et vérifiez-la à nouveau : le fichier envoyé ne change pas, les lignes sont lues avec vos corrections.",
        "toFix.howToFixAfterRun":
            "Une ligne refusée pour ses propres données peut être corrigée dans ses cellules et renvoyée : seules les lignes corrigées ici partent, chacune une fois.",
        "toFix.toSend": "corrigée ici, à renvoyer", "toFix.keep": "Garder la correction",
        "toFix.keepLine": "Garder la correction de la ligne {{line}}",
        "toFix.whatToDo": "que faire", "toFix.fix": "corriger", "toFix.cell": "{{column}}, ligne {{line}}",
        "toFix.checkLine": "Vérifier à nouveau la ligne {{line}}", "toFix.checkAgain": "Vérifier à nouveau",
        "pages.earlier": "← lignes précédentes", "pages.later": "lignes suivantes →",
        "preview.heading": "{{fileName}} : ce que ferait {{words.what}}", "preview.bar": "lignes consultées",
        "preview.dryRun": "{{words.unchanged}} : ceci est un essai à blanc ({{requests}} requêtes de lecture).", "preview.would": "ferait",
        "preview.what": "quoi", "preview.back": "retour à la vérification",
        "run.queued": "En attente de son tour : le guichet traite quelques tâches à la fois, et celle-ci est la numéro {{.}} de la file.",
        "run.cancel": "Annuler", "run.stop": "Arrêter", "run.stopHint": "(les lignes en cours se terminent ; elle peut être reprise)",
        "run.counts":
            "{{rows}} lignes : <strong>{{ok}} réussies</strong>, <strong>{{failed}} échouées</strong>{{#alreadyDone}}, {{.}} faites avant{{/alreadyDone}} ; {{requests}} requêtes.",
        "run.resend": "Renvoyer les {{resend}} lignes corrigées",
        "run.resendHint": "(seulement ces lignes : une ligne faite n'est jamais renvoyée)",
        "run.stopped": "Arrêtée : {{.}}", "run.resume": "Reprendre", "run.resumeHint": "(les lignes déjà faites ne sont pas refaites)",
        "run.resumeReportHint": "(les lignes déjà dans le rapport ne sont pas refaites)", "run.happened": "ce qui s'est passé",
        "run.error": "erreur", "run.download": "Télécharger :", "run.report": "le rapport", "run.rowsToFix": "les lignes à corriger",
        "run.summary": "le résumé", "run.jobFile": "le fichier de tâche",
        "run.interrupted": "Cette exécution a été interrompue (le guichet s'est arrêté pendant qu'elle tournait).",
        "signIn.heading": "Se connecter", "signIn.name": "Nom", "signIn.password": "Mot de passe",
        "signIn.noAccount":
            "Pas de compte ? La personne qui administre ce guichet vous ajoute avec <code>loyalty-batch serve add-user NOM</code>.",
        "problem.another": "Choisir un autre fichier",
        "exports.heading": "Exporter une liste de Leat",
        "exports.intro":
            "Les contacts, parrainages, niveaux ou transactions de fidélité, en classeur Excel ou en fichier CSV, avec les chiffres pour le contrôler. Le fichier reste sur le guichet jusqu'à ce que vous le supprimiez.",
        "exports.list": "La liste", "exports.contacts": "contacts", "exports.referrals": "parrainages", "exports.tiers": "niveaux",
        "exports.transactions": "transactions de fidélité",
        "exports.period": "La période : contacts et transactions créés pendant celle-ci (vide pour tout)", "exports.from": "Premier jour",
        "exports.to": "Dernier jour", "exports.format": "Format", "exports.xlsx": "Classeur Excel (.xlsx)", "exports.export": "Exporter",
        "exports.kept": "Exports de ce guichet",
        "export.queued":
            "En attente de son tour : le guichet traite quelques tâches à la fois, et cet export est le numéro {{.}} de la file.",
        "export.bar": "pages exportées", "export.progress": "{{rows}} lignes, {{pages}} pages{{#lastPage}} sur {{.}}{{/lastPage}}",
        "export.stopHint": "(rien n'est écrit)", "export.credits": "somme des crédits", "export.sha256": "SHA-256 du fichier",
        "export.download": "Télécharger {{name}}", "export.manifest": "son manifeste",
        "export.manifestHint": "(ce qui a été demandé, les chiffres, le SHA-256)", "export.delete": "Supprimer cet export et son fichier",
        "export.all": "Tous les exports",
    ]
}
