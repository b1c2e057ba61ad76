"""The promise ledger: tables read from files turned into projects and events DataFrames.

Rooms: ``vocabulary`` (the words: header synonyms, statuses, kinds), ``mapping`` (headers to
roles, and the mapping an analyst chose), ``cells`` and ``tables`` (a mapped table's rows),
``ordering`` (statement order), ``merge`` (tables into one ledger, conflicts), ``build`` (the
whole way from read tables to a :class:`Ledger`), ``model`` (the Ledger and its columns).
"""

from data.ledger.build import Mappings, Recall, build_ledger
from data.ledger.mapping import (
    DATE_ORDER_AUTO,
    DATE_ORDERS,
    ChosenMapping,
    ambiguous_roles,
    detect_layout,
    detect_tool,
    map_columns,
    mapping_from_text,
    mapping_key,
    mapping_to_text,
    normalise_header,
    table_of_mapping,
    unclear_headers,
    unresolved_roles,
)
from data.ledger.model import Ledger
from data.ledger.ordering import order_events
from data.ledger.vocabulary import EVENT_KINDS, EVENT_ROLES, PROJECT_ROLES

__all__ = [
    "DATE_ORDERS",
    "DATE_ORDER_AUTO",
    "EVENT_KINDS",
    "EVENT_ROLES",
    "PROJECT_ROLES",
    "ChosenMapping",
    "Ledger",
    "Mappings",
    "Recall",
    "ambiguous_roles",
    "build_ledger",
    "detect_layout",
    "detect_tool",
    "map_columns",
    "mapping_from_text",
    "mapping_key",
    "mapping_to_text",
    "normalise_header",
    "order_events",
    "table_of_mapping",
    "unclear_headers",
    "unresolved_roles",
]
