"""Where templates read their values: a DUIS request body (lxml) plus the message context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from gbdcc.adapters.gbcs.payload._bytes import PayloadError


def _local(el: etree._Element) -> str:
    return str(etree.QName(el).localname)


class BodySource:
    """Values of one DUIS request element (the child of ``sr:Body``) and a context mapping.

    Paths are ``/``-separated local names relative to the request element, with ``[n]`` (1-based)
    selecting among same-named siblings: ``PriceMatrix/TOUTariff/Price[2]``, or ``[@attr=value]``
    the sibling with that attribute (DUIS ``index`` attributes: ``ALCSHCALCSDescription[@index=3]``);
    ``#path`` gives the number of elements at ``path`` and a last step ``@name`` an attribute
    (``AuxiliaryControllerAction/@auxiliaryControllerN``).
    """

    def __init__(
        self,
        request_element: etree._Element | None,
        context: Mapping[str, Any],
        parent: BodySource | None = None,
    ) -> None:
        self.root = request_element
        self.ctx = dict(context)
        self.parent = parent

    def _find(self, path: str) -> list[etree._Element]:
        if path.startswith("/"):  # from the request element, inside an Each scope
            top = self
            while top.parent is not None:
                top = top.parent
            return top._find(path[1:])
        if self.root is None:
            return []
        if path in ("", "."):  # the element itself (inside an Each scope)
            return [self.root]
        nodes = [self.root]
        for step in (s for s in path.split("/") if s != "."):
            name, idx, attr = step, None, None
            if step.endswith("]"):
                name, _, n = step[:-1].partition("[")
                if n.startswith("@"):  # [@index=2]: the sibling whose attribute has that value
                    attr = tuple(n[1:].split("=", 1))
                else:
                    idx = int(n)
            found: list[etree._Element] = []
            for node in nodes:
                kids = [k for k in node if isinstance(k.tag, str) and _local(k) == name]
                if idx is not None:
                    kids = kids[idx - 1 : idx]
                if attr is not None:
                    kids = [k for k in kids if k.get(attr[0]) == attr[1]]
                found.extend(kids)
            nodes = found
        return nodes

    def text(self, path: str) -> str | None:
        if path.startswith("#"):  # the number of elements at the path
            return str(len(self._find(path[1:])))
        found = self.texts(path)
        return found[0] if found else None

    def texts(self, path: str) -> list[str]:
        """Texts of the elements at ``path``; a last step ``@name`` gives their attribute values."""
        head, _, last = path.rpartition("/")
        if last.startswith("@"):
            nodes = self._find(head) if head else ([self.root] if self.root is not None else [])
            return [v for n in nodes if (v := n.get(last[1:])) is not None]
        return [(n.text or "").strip() for n in self._find(path)]

    def exists(self, path: str) -> bool:
        return bool(self._find(path))

    def each(self, path: str) -> list[BodySource]:
        """A source per element at ``path``: paths relative to it (``.`` the element itself),
        ``@index`` 0-based, ``@number`` 1-based, ``@count``."""
        nodes = self._find(path)
        return [
            BodySource(n, {**self.ctx, "index": i, "number": i + 1, "count": len(nodes)}, self)
            for i, n in enumerate(nodes)
        ]

    def context(self, name: str) -> Any:
        try:
            return self.ctx[name]
        except KeyError:
            raise PayloadError(f"context value {name!r} not given") from None


def body_values(request_element: etree._Element) -> list[tuple[str, str]]:
    """Every leaf (path, text) under the request element, in document order (paths as in
    :class:`BodySource`)."""
    out: list[tuple[str, str]] = []

    def walk(el: etree._Element, prefix: str) -> None:
        kids = [k for k in el if isinstance(k.tag, str)]
        if not kids:
            if prefix:
                out.append((prefix, (el.text or "").strip()))
            return
        names = [_local(k) for k in kids]
        seen: dict[str, int] = {}
        for k, name in zip(kids, names, strict=True):
            seen[name] = seen.get(name, 0) + 1
            step = f"{name}[{seen[name]}]" if names.count(name) > 1 else name
            walk(k, f"{prefix}/{step}" if prefix else step)

    walk(request_element, "")
    return out
