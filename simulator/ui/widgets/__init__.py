"""Widgets drawn with pygame: controls, the virtual client list, scrolling text, charts, tooltips."""
from .base import Form, Widget, draw_tooltip, resolve
from .charts import LineChart, draw_hbars, short_number
from .client_list import ClientList, Column
from .controls import Button, Choice, Label, Slider, TextInput, Toggle
from .scroll_text import ScrollText

__all__ = ["Button", "Choice", "ClientList", "Column", "Form", "Label", "LineChart", "ScrollText", "Slider",
           "TextInput", "Toggle", "Widget", "draw_hbars", "draw_tooltip", "resolve", "short_number"]
