"""The course's colours, in one place so maps and charts speak the same visual language.

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinguishable with the
common colour-vision deficiencies. Figures never rely on colour alone: each category also has a
hatch, a marker shape or a label.
"""

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
GREY = "#7F7F7F"
# Neutral fill for "not yet a state": a grey carries no hue, so it reads the same with every
# colour-vision deficiency; it is told apart from "other area" (#D9D9D9, no hatch) by its
# vertical hatching.
LIGHT_GREY = "#EEEEEE"

COLOUR_NAMES: dict[str, str] = {code.upper(): name for name, code in OKABE_ITO.items()} | {
    "#FFFFFF": "white", GREY: "grey", LIGHT_GREY: "light grey"}


def colour_name(code: str) -> str:
    """'#0072B2' → 'blue', for alt text that a screen-reader user can follow."""
    return COLOUR_NAMES.get(code.upper(), code)
