"""The templates and the filters they share: every text a template prints is
escaped (autoescape), every link percent-encoded part by part, every number
written as the analysis writes it (fmt)."""
import json
import pathlib
from urllib.parse import quote

import jinja2

from .. import fmt

TEMPLATES = pathlib.Path(__file__).with_name("templates")


def url_path(path: str) -> str:
    """A relative path as a URL: each of its parts percent-encoded, every
    character but RFC 3986's unreserved ones."""
    return "/".join(quote(part, safe="") for part in path.split("/"))


def text(value) -> str:
    """A value from the results as text: strings as they are, numbers as
    the analysis writes them, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return fmt.number(value)
    return json.dumps(value, ensure_ascii=False)


def figure(value) -> str:
    """A number for people to read, three significant digits; "-" for none."""
    return fmt.shown(value, fmt.sig3_text)


def dashed(verdict: str) -> str:
    """A verdict as a class name: "does not hold" is "does-not-hold"."""
    return verdict.replace(" ", "-")


ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                 keep_trailing_newline=True)
ENVIRONMENT.filters.update(url_path=url_path, text=text, figure=figure, dashed=dashed,
                           speed=fmt.speed, sig3=fmt.sig3_text)


def render(template: str, **values) -> str:
    return ENVIRONMENT.get_template(template).render(**values)
