"""Shell completion scripts (``kodo completion bash|zsh``), generated from the argparse parser
so that every command, option and fixed choice the parser knows is completed."""

from __future__ import annotations

import argparse

from kodo.i18n import languages

# Values some options take, beyond the parser's own choices ("LANGS": the catalogues found).
FORMATS = ("text", "json", "markdown")
CATEGORIES = ("a", "b", "c")
RESULTS = ("evaluate", "pr", "hsp2", "forecast", "advice")
VALUES: dict[str, tuple[str, ...]] = {
    "--lang": ("LANGS",), "-l": ("LANGS",), "--category": CATEGORIES, "-c": CATEGORIES,
    "--format": FORMATS, "-f": FORMATS, "--result": RESULTS,
}  # fmt: skip


def _commands(p: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    """Each command path ("evaluate", "rules diff", …) and its parser; "" is the top."""
    found = {prefix: p}
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.update(_commands(child, f"{prefix} {name}".strip()))
    return found


def _options(p: argparse.ArgumentParser) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    words: list[str] = []
    values: dict[str, tuple[str, ...]] = {}
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            words += list(action.choices)
            continue
        words += list(action.option_strings)
        for opt in action.option_strings:
            if action.choices:
                values[opt] = tuple(str(c) for c in action.choices)
            elif opt in VALUES:
                values[opt] = languages() if VALUES[opt] == ("LANGS",) else VALUES[opt]
    if any(a.dest == "shell" for a in p._actions):
        words += ["bash", "zsh"]
    return words, values


def script(top: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (bash or zsh: zsh loads it through bashcompinit)."""
    lines = ["_kodo() {", '  local cur prev path=""', '  cur="${COMP_WORDS[COMP_CWORD]}"',
             '  prev="${COMP_WORDS[COMP_CWORD-1]}"', "  local i",
             "  for ((i=1; i<COMP_CWORD; i++)); do",
             '    case "${COMP_WORDS[i]}" in -*) ;; *)']  # fmt: skip
    commands = _commands(top)
    lines += ['      case "$path:${COMP_WORDS[i]}" in']
    for name in commands:
        if not name:
            continue
        parent, _, last = name.rpartition(" ")
        lines.append(f'        "{parent}:{last}") path="{name}" ;;')
    lines += ["      esac ;;", "    esac", "  done", '  case "$path" in']
    for name, p in commands.items():
        words, values = _options(p)
        lines.append(f'    "{name}")')
        if values:
            lines.append('      case "$prev" in')
            for opt, vals in values.items():
                words_of = " ".join(vals)
                lines.append(
                    f'        {opt}) COMPREPLY=($(compgen -W "{words_of}" -- "$cur")); return ;;'
                )
            lines.append("      esac")
        files = any(a.dest in ("file", "output") for a in p._actions)
        lines.append(f'      COMPREPLY=($(compgen -W "{" ".join(words)}" -- "$cur"))')
        if files:
            lines.append('      [[ "$cur" != -* ]] && COMPREPLY+=($(compgen -f -- "$cur"))')
        lines.append("      ;;")
    lines += ["  esac", "}", "complete -F _kodo kodo"]
    body = "\n".join(lines) + "\n"
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + body
    return body
