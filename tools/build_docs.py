"""Builds the libdoc HTML and fails on a warning or an undocumented keyword.

Usage: python tools/build_docs.py OUTPUT.html
"""

import json
import subprocess
import sys
import tempfile


def main(output: str) -> int:
    problems = []
    result = subprocess.run(
        [sys.executable, "-m", "robot.libdoc", "WsRouteLibrary", output],
        capture_output=True, text=True,
    )
    if result.returncode != 0 or "[ WARN ]" in result.stdout + result.stderr:
        problems.append(f"libdoc: {(result.stdout + result.stderr).strip()}")
    with tempfile.NamedTemporaryFile(suffix=".json") as spec_file:
        subprocess.run(
            [sys.executable, "-m", "robot.libdoc", "--format", "JSON", "WsRouteLibrary",
             spec_file.name],
            check=True, capture_output=True,
        )
        spec = json.load(open(spec_file.name))
    for kw in spec["keywords"]:
        doc = kw["doc"]
        if not doc.strip():
            problems.append(f"keyword {kw['name']!r} has no documentation")
        if "Example:" not in doc:
            problems.append(f"keyword {kw['name']!r} has no Example: block")
        for arg in kw["args"]:
            if arg["name"] and f"<code>{arg['name']}</code>" not in doc:
                problems.append(
                    f"keyword {kw['name']!r} does not document argument {arg['name']!r}"
                )
    for problem in problems:
        print(problem)
    print(f"docs: {output} ({len(spec['keywords'])} keywords, {len(problems)} problems)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
