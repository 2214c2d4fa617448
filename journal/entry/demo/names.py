"""The demo's people: Danish and English first names and surnames."""

DANISH_FIRST_NAMES = (
    "Anne", "Louise", "Signe", "Ida", "Line", "Maja", "Sofie", "Julie", "Katrine", "Helle",
    "Lærke", "Freja", "Astrid", "Rikke", "Pernille", "Dorthe", "Nanna", "Tove", "Rasmus",
    "Mads", "Jonas", "Anders", "Mikkel", "Frederik", "Jens", "Thomas", "Kasper", "Lars",
    "Niels", "Emil", "Bjørn", "Morten", "Jesper", "Tobias", "Asger", "Malthe",
)  # fmt: skip
DANISH_SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Holm", "Lund", "Dahl",
    "Kjeldsen", "Østergaard", "Skov", "Bruun", "Frandsen", "Winther", "Friis", "Lauridsen",
    "Ravn", "Hjort", "Krogh", "Bak", "Søndergaard", "Mølgaard",
)  # fmt: skip
ENGLISH_FIRST_NAMES = (
    "Oliver", "Emily", "Hannah", "Daniel", "Sophie", "Liam", "Chloe", "Ethan", "Grace",
    "Aisha", "Tom", "Lucy", "Samuel", "Zara", "Noah", "Ruby", "Marcus", "Ella",
)  # fmt: skip
ENGLISH_SURNAMES = (
    "Thompson", "Bennett", "Carter", "Hughes", "Patel", "O'Connor", "Reid", "Morgan",
    "Collins", "Ward", "Ellis", "Foster", "Khan", "Murphy", "Turner", "Walsh", "Hayes",
)  # fmt: skip
MIDDLE_INITIALS = "ABCEHJKLMPST"
