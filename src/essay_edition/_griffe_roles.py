"""Griffe extension: render Sphinx cross-reference roles in docstrings as mkdocs-autorefs links.

Named in mkdocs.yml by import path (``essay_edition._griffe_roles:SphinxRoles``), so any copy of the
project that has the package installed builds its API reference the same way.

The docstrings are Google style but name other objects with Sphinx roles (``:func:`x```,
``:class:`~a.b.C```, ``:mod:`.sibling```), which Markdown shows as raw text. Neither Griffe nor
mkdocstrings-python reads these roles, so once the package is loaded each role becomes an
``<autoref>`` element naming the object's full path, resolved as Sphinx and Python would: a leading
``~`` shows the last name only; leading dots are relative to the docstring's module (as in a relative
import); any other name is looked up in the docstring's scope (members, imports, enclosing objects),
then from each enclosing package, and last as the one object of the package whose path ends with
it. The link is ``optional``: a target that is not rendered (a
private helper, an undocumented constant) stays code text instead of failing a strict build. A name
the docstring's module imports from another package (``markupsafe.Markup``) is shown as code text:
no inventory of other projects is loaded, since the build makes no network request. A role that
resolves to no object at all is logged as a warning.
"""

from __future__ import annotations

import logging
import re

import griffe

_ROLE = re.compile(r":(?:py:)?(func|meth|class|mod|data|attr|obj|exc):`(~?)([\w.]+)`")
_LITERAL = re.compile(r"(``.+?``)", re.DOTALL)  # inline literals: a role written inside one is text
_log = logging.getLogger("mkdocs.plugins.griffe_sphinx_roles")


class SphinxRoles(griffe.Extension):
    """Rewrites Sphinx roles in every docstring of a package into autorefs."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: object) -> None:
        for obj in _walk(pkg):
            if obj.docstring is not None and ":" in obj.docstring.value:
                parts = _LITERAL.split(obj.docstring.value)  # odd items are literals, left as they are
                obj.docstring.value = "".join(
                    part if n % 2 else _ROLE.sub(lambda m, o=obj: _autoref(m, o, pkg), part)
                    for n, part in enumerate(parts))


def _walk(obj: griffe.Object):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


def _autoref(match: re.Match[str], obj: griffe.Object, pkg: griffe.Module) -> str:
    role, short, target = match[1], match[2], match[3].rstrip(".")
    path = _resolve(target, obj, pkg)
    shown = target.lstrip(".").rsplit(".", 1)[-1] if short else target.lstrip(".")
    shown += "()" if role in {"func", "meth"} else ""
    if path is None and _external(target, obj, pkg):
        return f"<code>{shown}</code>"
    if path is None:
        _log.warning("%s: %s role names %r, which is not an object of %s", obj.path, role, target, pkg.name)
        return f"`{shown}`"
    return f'<autoref identifier="{path}" optional><code>{shown}</code></autoref>'


def _resolve(target: str, obj: griffe.Object, pkg: griffe.Module) -> str | None:
    module = obj if obj.is_module else obj.module
    if target.startswith("."):  # relative, as in an import: one dot is the module's own package
        dots = len(target) - len(target.lstrip("."))
        base = module if module.is_package else module.parent
        for _ in range(dots - 1):
            base = base.parent if base is not None else None
        return _existing(f"{base.path}.{target[dots:]}", pkg) if base is not None else None
    head, _, rest = target.partition(".")
    candidates = []
    try:
        scoped = obj.resolve(head)  # members, imports and enclosing scopes, as Python resolves a name
        candidates.append(f"{scoped}.{rest}" if rest else scoped)
    except (griffe.NameResolutionError, ValueError):
        pass
    scope = module
    while scope is not None:  # a dotted name may start below any enclosing package
        candidates.append(f"{scope.path}.{target}")
        scope = scope.parent
    candidates.append(target)
    found = next((path for path in candidates if _existing(path, pkg)), None)
    return found or _unique_by_name(target, pkg)


def _external(target: str, obj: griffe.Object, pkg: griffe.Module) -> bool:
    """Return whether ``target`` names another package's object that the docstring's module imports."""
    module = obj if obj.is_module else obj.module
    name = target.lstrip(".")
    for imported in module.imports.values():
        if imported == pkg.path or imported.startswith(pkg.path + "."):
            continue
        if name == imported or name.startswith(imported + ".") or imported.startswith(name + "."):
            return True
    return False


def _unique_by_name(target: str, pkg: griffe.Module) -> str | None:
    """Return the one object of the package whose path ends with ``target`` (Sphinx's fallback search)."""
    matches = {o.path for o in _walk(pkg) if o.path.endswith("." + target)}
    return matches.pop() if len(matches) == 1 else None


def _existing(path: str, pkg: griffe.Module) -> str | None:
    if path != pkg.path and not path.startswith(pkg.path + "."):
        return None
    try:
        found = pkg[path[len(pkg.path) + 1:]] if path != pkg.path else pkg
    except (KeyError, griffe.AliasResolutionError):
        return None
    try:
        return found.final_target.path if found.is_alias else found.path
    except griffe.AliasResolutionError:
        return found.path
