"""The titles of the meetings in the demo leaders' calendars, in Danish and English."""

MEETING_TITLES = {
    "planning": {
        "da": ["Vagtplan uge {week}", "Bemandingsplanlægning", "Budget og forecast",
               "Planlægning af næste måned"],
        "en": ["Rota week {week}", "Staffing forecast", "Budget review", "Schedule for next month"],
    },
    "reporting": {
        "da": ["Ugerapport", "KPI-gennemgang", "Månedsrapport til direktionen",
               "Dashboard og statistik"],
        "en": ["Weekly report", "KPI review", "Monthly report to the board", "Dashboard check"],
    },
    "follow_up": {
        "da": ["Opfølgning på eskalerede sager", "Status på klager", "Opfølgning med IT"],
        "en": ["Follow-up on escalations", "Status on complaints", "Follow-up with IT"],
    },
    "other": {
        "da": ["Afdelingsmøde", "Leverandørmøde", "Møde med HR", "Kontorflytning"],
        "en": ["Department meeting", "Supplier meeting", "Meeting with HR", "Office move"],
    },
}  # fmt: skip
#: Time with the team beyond the logged conversations: two or more people, or now and then
#: a short 1-to-1 the leader does not log (it shows as unlogged on the leader's home).
TEAM_TITLES = {
    "da": ["Coaching på gulvet", "Huddle med teamet", "Sidemandsoplæring", "Teammøde"],
    "en": ["Floor coaching", "Team huddle", "Side-by-side listening", "Team meeting"],
}
SHORT_ONE_TO_ONE = {"da": "Kort 1:1 med {first}", "en": "Quick 1:1 with {first}"}
#: The logged conversations as the calendar names them.
SESSION_TITLES = {
    "one_to_one": {"da": "1:1 {first}", "en": "1:1 {first}"},
    "walk_and_talk": {"da": "Walk and talk med {first}", "en": "Walk and talk with {first}"},
    "quality_review": {
        "da": "Kvalitetsgennemgang med {first}",
        "en": "Quality review with {first}",
    },
    "training": {"da": "Træning: samtaleteknik", "en": "Training: call handling"},
    "team_building": {"da": "Teamdag", "en": "Team day"},
}

#: What employees write when they ask their leader for a conversation.
