"""One set of content, loaded together: the banks, the module library, the rules and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from diagnose.content.bank import Bank, bundled_bank_paths, load_bank
from diagnose.content.library import Library, load_library
from diagnose.content.rulebook import RuleBook, load_rules
from diagnose.content.settings import Settings, load_settings


@dataclass
class Content:
    """The packaged (or a consultant's own) banks, modules, rules and settings."""

    banks: dict[str, Bank]
    library: Library
    rules: RuleBook
    settings: Settings

    @classmethod
    def bundled(cls) -> Content:
        banks = {bank.bank: bank for bank in (load_bank(p) for p in bundled_bank_paths())}
        library = load_library()
        return cls(banks=banks, library=library, rules=load_rules(module_ids=set(library.modules)),
                   settings=load_settings())
