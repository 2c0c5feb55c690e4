"""What every save file starts with (desk or head game), and a damaged one's reason in one line."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from ..locale.languages import DEFAULT_LANGUAGE


class SaveHeader(BaseModel):
    """The fields every autosave file has, checked before anything in it is used."""

    model_config = ConfigDict(extra="forbid")
    format: StrictStr
    format_version: StrictInt
    lang: StrictStr = Field(DEFAULT_LANGUAGE, max_length=16)
    scenario_path: StrictStr | None = Field(None, max_length=4096)


def validation_message(exc: ValidationError) -> str:
    """The first problem pydantic found, where it is and how many more there are, in one line."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the file"
    text = str(first["msg"]).replace("\n", " ")
    more = len(exc.errors()) - 1
    return f"{where}: {text[:120]}" + (f" (and {more} more problem(s))" if more else "")
