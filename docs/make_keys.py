"""Write govdisclosure/keys.json and docs/keys.md anew from the templates.

python docs/make_keys.py
"""

from govdisclosure.dictionary import DOCS_PAGE, PACKAGED, dictionary_json, dictionary_markdown

if __name__ == "__main__":
    PACKAGED.write_text(dictionary_json(), encoding="utf-8")
    DOCS_PAGE.write_text(dictionary_markdown(), encoding="utf-8")
    print(f"wrote {PACKAGED} and {DOCS_PAGE}")
