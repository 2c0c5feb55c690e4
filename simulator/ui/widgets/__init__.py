"""Widgets: our own pygame-drawn controls, list, text and charts, and pygame_gui text fields (see docs/ui-architecture.md)."""
from .base import Form, Shortcut, Widget, resolve
from .charts import LineChart, SignedBars, draw_hbars, draw_strip, short_number
from .client_list import ClientList, Column
from .controls import CHOICE_SLACK, Button, Choice, Label, Slider, Toggle, button_row, label_width
from .scroll_text import ScrollText
from .text_field import TextField

__all__ = ["CHOICE_SLACK", "Button", "Choice", "ClientList", "Column", "Form", "Label", "LineChart", "ScrollText", "SignedBars",
           "Shortcut", "Slider", "TextField", "Toggle", "Widget", "button_row", "draw_hbars", "draw_strip", "label_width",
           "resolve",
           "short_number"]
