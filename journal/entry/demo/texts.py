"""Names and texts for the demo organisation, in Danish ("da") and English ("en").

Texts may hold ``{first}``, the employee's first name; the demo fills it in.
"""

from __future__ import annotations

SHARED_NOTES = {
    "one_to_one": {
        "da": [
            "Gennemgik ugen sammen. {first} er tilfreds med tempoet i køen, men savner tid "
            "til de svære sager.",
            "{first} fortalte om en kunde, der ringede tilbage for at sige tak. Vi talte om, "
            "hvad der gjorde forskellen.",
            "Så på NPS for de sidste to uger og de tre detraktorer. {first} havde selv gode "
            "bud på, hvad der gik galt.",
            "{first} vil gerne lære mere om produktet og have flere tekniske sager.",
            "Kort samtale: travl uge, men {first} har styr på det.",
            "Fulgte op på sidste uges aftaler. {first} har prøvet den nye åbningsreplik med "
            "god effekt.",
            "{first} oplever, at chatten fylder for meget i vagtplanen. Vi ser på fordelingen.",
            "Talte om trivsel og arbejdspres. {first} har brug for mere ro til efterbehandling.",
            "{first} har hjulpet to nye kolleger i gang. Vi talte om at gøre det til en fast "
            "rolle.",
            "Lyttede til to optagede opkald sammen. {first} hørte selv, hvor samtalen vendte.",
        ],
        "en": [
            "Went through the week together. {first} is happy with the pace in the queue but "
            "wants time for the hard cases.",
            "{first} told me about a customer who called back just to say thanks. We talked "
            "about what made the difference.",
            "Looked at NPS for the last two weeks and the three detractors. {first} had good "
            "ideas about what went wrong.",
            "{first} wants to learn more about the product and take more technical cases.",
            "Short one: busy week, but {first} has it under control.",
            "Followed up on last week's actions. {first} tried the new phone opening and it "
            "works well.",
            "{first} feels chat takes too much of the rota. We will look at the split.",
            "Talked about wellbeing and workload. {first} needs more quiet time for follow-up.",
            "{first} has helped two new colleagues get started. We talked about making it a role.",
            "Listened to two recorded calls together. {first} heard where the call turned.",
        ],
    },
    "walk_and_talk": {
        "da": [
            "Gåtur rundt om søerne. {first} talte åbent om karrieren og lysten til mere ansvar.",
            "Walk and talk i solen. Vi talte om, hvad der giver {first} energi: kunderne, der "
            "kommer tilbage.",
            "Gik en tur efter frokost. {first} savner mere samarbejde på tværs af teamet.",
            "Lang gåtur. Vi aftalte, at {first} siger til, når presset bliver for stort.",
            "Talte om, hvad {first} er stolt af fra den sidste måned, og hvad der skal til "
            "for at blive endnu bedre.",
            "{first} kom med en idé til, hvordan vi bruger kundernes feedback på teammøderne.",
        ],
        "en": [
            "Walked around the lakes. {first} talked openly about their career and wanting "
            "more responsibility.",
            "Walk and talk in the sunshine. We talked about what gives {first} energy: "
            "returning customers.",
            "Went for a walk after lunch. {first} misses working together across the team.",
            "Long walk. We agreed {first} will say so when the pressure gets too high.",
            "Talked about what {first} is proud of this month and what it would take to get "
            "even better.",
            "{first} came up with an idea for using customer feedback in team meetings.",
        ],
    },
    "training": {
        "da": [
            "Intern træning i det nye sagssystem. {first} fandt hurtigt genvejene.",
            "Kursus i svære samtaler: at sige nej til kunden uden at miste relationen.",
            "Produkttræning i den nye app-version med fokus på de hyppigste spørgsmål.",
            "Træning i korte og venlige mails. {first} havde gode eksempler med.",
            "Sidemandsoplæring i fakturasager sammen med en erfaren kollega.",
        ],
        "en": [
            "Internal training on the new case system. {first} quickly found the shortcuts.",
            "Course on difficult conversations: saying no without losing the customer.",
            "Product training on the new app release, focused on the most common questions.",
            "Training on short, friendly emails. {first} brought good examples.",
            "Paired learning on billing cases with an experienced colleague.",
        ],
    },
    "team_building": {
        "da": [
            "Teamdag med fælles morgenmad og workshop om, hvordan vi gør kunderne glade.",
            "Bowling og pizza efter lukketid. God stemning i hele teamet.",
            "Sommerafslutning i haven med grill og quiz.",
            "Halvdagsworkshop: vi delte kvartalets bedste kundehistorier.",
        ],
        "en": [
            "Team day with breakfast and a workshop on making customers happy.",
            "Bowling and pizza after closing time. Great mood across the team.",
            "Summer send-off in the garden with a barbecue and a quiz.",
            "Half-day workshop: we shared the quarter's best customer stories.",
        ],
    },
    "quality_review": {
        "da": [
            "Gennemgik fem tilfældige sager. Korrekte løsninger, men svarene kan blive kortere.",
            "Lyttede til tre opkald. God tone; husk at opsummere aftalen med kunden.",
            "Kvalitetskontrol af chatsager: {first} løser dem, men glemmer at lukke dem.",
            "Stikprøve på mails: god empati, men et par svar manglede link til vejledningen.",
        ],
        "en": [
            "Reviewed five random cases. Correct solutions, but the replies could be shorter.",
            "Listened to three calls. Good tone; remember to sum up what was agreed.",
            "Quality check of chat cases: {first} solves them but forgets to close them.",
            "Sampled emails: good empathy, but a couple of replies lacked the link to the guide.",
        ],
    },
}

PRIVATE_NOTES = {
    "da": [
        "{first} virker træt. Hold øje med fravær og arbejdspres.",
        "Overvej {first} som superbruger i det nye system.",
        "Lidt irritation over vagtplanen; tag det op med planlægningen uden at nævne navne.",
        "{first} har nævnt at søge internt. Tal om udviklingsmuligheder snart.",
        "Dygtig, men kan virke belærende over for nye kolleger. Tal om ydmyghed.",
        "Spørg ind til situationen derhjemme næste gang.",
        "Klar til mere ansvar inden for et halvt år.",
    ],
    "en": [
        "{first} seems tired. Keep an eye on absence and workload.",
        "Consider {first} as super-user for the new system.",
        "Some frustration with the rota; raise it with planning without naming anyone.",
        "{first} mentioned applying internally. Talk about development soon.",
        "Skilled, but can come across as lecturing new colleagues. Talk about humility.",
        "Ask how things are at home next time.",
        "Ready for more responsibility within six months.",
    ],
}

AGREED_ACTIONS = {
    "da": [
        "{first} prøver den nye åbningsreplik i en uge",
        "Vi lytter til to opkald sammen i næste uge",
        "{first} skriver en kort guide om returneringer til teamet",
        "Booke kursus i svære samtaler",
        "Planlægge en halv dag med produktteamet",
        "{first} tager de tekniske sager om tirsdagen",
        "Følge op på kundens klage inden fredag",
        "Mindre chat og mere telefon i næste vagtplan",
    ],
    "en": [
        "{first} tries the new opening line for a week",
        "We listen to two calls together next week",
        "{first} writes a short guide on returns for the team",
        "Book the course on difficult conversations",
        "Plan half a day with the product team",
        "{first} takes the technical cases on Tuesdays",
        "Follow up on the customer's complaint by Friday",
        "Less chat and more phone in the next rota",
    ],
}

FEEDBACK_COMMENTS = {
    "promoter": {
        "da": [
            "Super hjælp, problemet var løst på få minutter!",
            "Venlig og tålmodig. Tak for god service.",
            "{first} ringede selv tilbage som aftalt. Det sker sjældent!",
            "Bedste kundeservice, jeg har oplevet længe.",
            "Klar besked og hurtigt svar.",
        ],
        "en": [
            "Brilliant help, sorted in a few minutes!",
            "Friendly and patient. Thanks for great service.",
            "{first} called me back as promised. That rarely happens!",
            "Best customer service I have had in ages.",
            "Clear answer, quickly.",
        ],
    },
    "passive": {
        "da": [
            "Fik hjælp, men ventetiden var lang.",
            "Fint nok, men jeg måtte forklare det hele to gange.",
            "Okay oplevelse. Løsningen virker.",
            "Korrekt svar, men det tog et par dage.",
        ],
        "en": [
            "Got help, but the wait was long.",
            "Fine, but I had to explain everything twice.",
            "Okay experience. The fix works.",
            "Correct answer, but it took a couple of days.",
        ],
    },
    "detractor": {
        "da": [
            "Ventede 40 minutter i telefonen.",
            "Mit problem er stadig ikke løst efter tre henvendelser.",
            "Fik modstridende svar fra to medarbejdere.",
            "Følte ikke, at jeg blev lyttet til.",
        ],
        "en": [
            "Waited 40 minutes on the phone.",
            "My problem is still not solved after three contacts.",
            "Got conflicting answers from two people.",
            "Did not feel listened to.",
        ],
    },
}

TASK_TITLES = {
    "customers": {
        "da": [
            "Ring fem kunder op, der gav 0-6, og hør hvad der skulle til",
            "Saml månedens bedste kunderos til tavlen",
            "Indsaml feedback fra erhvervskunder om de nye åbningstider",
            "Følg op på kunder med gentagne henvendelser",
        ],
        "en": [
            "Call five customers who scored 0-6 and ask what it would take",
            "Collect the month's best customer praise for the board",
            "Gather feedback from business customers on the new opening hours",
            "Follow up on customers with repeat contacts",
        ],
    },
    "product": {
        "da": [
            "Test den nye app-version før lancering",
            "Skriv FAQ om de nye abonnementer",
            "Find de tre hyppigste fejl i selvbetjeningen",
            "Afprøv chatbottens svar og foreslå forbedringer",
        ],
        "en": [
            "Test the new app release before launch",
            "Write the FAQ for the new subscriptions",
            "Find the three most common self-service errors",
            "Try the chatbot's answers and suggest improvements",
        ],
    },
    "self": {
        "da": [
            "Gennemfør e-læringen om svære samtaler",
            "Læg en plan for at blive superbruger",
            "Forbered et oplæg om din bedste kundesag",
            "Følg en kollega i andenlinjen en dag",
        ],
        "en": [
            "Complete the e-learning on difficult conversations",
            "Make a plan to become a super-user",
            "Prepare a talk on your best customer case",
            "Shadow a second-line colleague for a day",
        ],
    },
    "colleagues": {
        "da": [
            "Hjælp den nye kollega i gang de første to uger",
            "Arranger næste teamdag",
            "Byg en fælles vidensbank med standardsvar",
            "Stå for fredagens fem minutters læring",
        ],
        "en": [
            "Help the new colleague get started in their first two weeks",
            "Organise the next team day",
            "Build a shared knowledge base of standard replies",
            "Run Friday's five-minute learning slot",
        ],
    },
}

TASK_OUTCOMES = {
    "da": [
        "Færdig til tiden; resultatet er delt med teamet.",
        "Gik bedre end ventet. Vi gentager det næste kvartal.",
        "Færdig, men tog længere tid end planlagt.",
        "Løst, og kunderne tog godt imod det.",
    ],
    "en": [
        "Done on time; the result is shared with the team.",
        "Went better than expected. We will repeat it next quarter.",
        "Done, but took longer than planned.",
        "Solved, and customers liked it.",
    ],
}

CANCEL_REASONS = {
    "da": [
        "Ikke længere relevant efter omlægningen af køen.",
        "Produktteamet har overtaget opgaven.",
        "Udskudt til næste kvartal på grund af travlhed.",
    ],
    "en": [
        "No longer relevant after the queue was reorganised.",
        "The product team has taken this over.",
        "Postponed to next quarter; too busy.",
    ],
}
LEAVER_TASK_REASON = "Medarbejderen fratræder; opgaven lukkes."
LEAVER_REASON = "Fratrådt efter eget ønske: ny stilling i en anden virksomhed."

INTERACTION_CORRECTIONS = {
    "minutes": {
        "da": "Samtalen varede længere end først noteret.",
        "en": "The conversation ran longer than first logged.",
    },
    "shared_notes": {
        "da": "Tilføjede en detalje, jeg glemte at skrive.",
        "en": "Added a detail I forgot to write down.",
    },
    "agreed_actions": {"da": "Glemte en af aftalerne.", "en": "Forgot one of the agreed actions."},
    "kind": {
        "da": "Det var en walk and talk, ikke en 1-til-1.",
        "en": "It was a walk-and-talk, not a 1-to-1.",
    },
    "occurred_at": {
        "da": "Forkert dato: samtalen var dagen før.",
        "en": "Wrong date: the conversation was the day before.",
    },
}
NOTE_ADDENDA = {
    "da": "Vi aftalte også at tale om vagtplanen igen om en måned.",
    "en": "We also agreed to revisit the rota in a month.",
}
INTERACTION_RETRACTIONS = {
    "da": ["Registreret på den forkerte medarbejder.", "Dobbeltregistrering."],
    "en": ["Logged against the wrong employee.", "Duplicate entry."],
}

FEEDBACK_CORRECTIONS = {
    "score": {
        "da": "Tastefejl i scoren; kunden gav {score}.",
        "en": "Typo; the customer gave {score}.",
    },
    "channel": {"da": "Forkert kanal registreret.", "en": "Wrong channel recorded."},
    "reference": {"da": "Tilføjede sagsnummeret.", "en": "Added the ticket number."},
}
FEEDBACK_RETRACTIONS = {
    "da": [
        "Feedbacken gjaldt en kollega.",
        "Kunden trak sin vurdering tilbage.",
        "Dublet fra undersøgelsen.",
    ],
    "en": [
        "The feedback was about a colleague.",
        "The customer withdrew the rating.",
        "Duplicate from the survey.",
    ],
}

TALENT_NOTES = {
    "low": {
        "da": "Har brug for mere oplæring i produktet; god vilje.",
        "en": "Needs more product training; willing.",
    },
    "mid": {
        "da": "Solid og stabil. Løser de fleste sager selv.",
        "en": "Solid and steady. Solves most cases alone.",
    },
    "high": {
        "da": "Skarp, lærer hurtigt og hjælper andre. Oplagt til mere ansvar.",
        "en": "Sharp, learns fast and helps others. Ready for more responsibility.",
    },
}

TIME_NOTES = {
    "planning": {
        "da": ["Vagtplan for næste uge", "Bemanding i ferien"],
        "en": ["Next week's rota", "Holiday staffing"],
    },
    "reporting": {
        "da": ["Månedsrapport til direktionen", "KPI-tal til ugemødet"],
        "en": ["Monthly report for management", "KPIs for the weekly meeting"],
    },
    "follow_up": {
        "da": ["Opfølgning på servicemål", "Gennemgang af klager"],
        "en": ["Follow-up on service targets", "Complaints review"],
    },
    "people": {
        "da": ["1-til-1 og walk and talk", "Sidemandsoplæring"],
        "en": ["1-to-1s and walk-and-talks", "Paired learning"],
    },
    "other": {"da": ["Ledermøde", "Mails"], "en": ["Leadership meeting", "Email"]},
}

AUDIT_CONTEXT = "time travel"  # where the auditor read (web/ui/employee.py READ_PLACES)
AUDIT_PURPOSE = "Kvartalsvis revision af coachingjournaler"

#: Titles in the demo leaders' own calendars, by the category a keyword rule gives them.
REQUEST_NOTES = {
    "da": ["Jeg vil gerne tale om mine opkald.", "Kan vi tage en snak om næste kvartal?",
           "Jeg har nogle idéer til teamet.", "", "Jeg kunne godt bruge lidt sparring."],
    "en": ["I would like to talk about my calls.", "Could we talk about next quarter?",
           "I have some ideas for the team.", "", "I could use some sparring."],
}  # fmt: skip
#: Why a leader drops an agreed action.
DROP_REASONS = {
    "da": ["Ikke længere relevant.", "Erstattet af en ny aftale.", "Kunden har lukket sagen."],
    "en": ["No longer relevant.", "Replaced by a new agreement.", "The customer closed the case."],
}
