"""Route URL patterns: Playwright-style globs and ``/regexp/flags``."""

import re

import pytest

from WsRouteLibrary.errors import WsRouteError
from WsRouteLibrary.model.urlpattern import UrlPattern


def matches(pattern, url, base_url=None):
    return UrlPattern(pattern, base_url).matches(url)


class TestGlob:
    @pytest.mark.parametrize(
        "url",
        ["ws://localhost:8000/chat", "wss://example.com/a/b/chat", "ws://h/chat"],
    )
    def test_double_star_slash_matches_any_leading_path(self, url):
        assert matches("**/chat", url)

    @pytest.mark.parametrize(
        "url",
        ["ws://h/chatroom", "ws://h/chat/x", "ws://h/mychat", "ws://h/chat?room=1"],
    )
    def test_glob_covers_the_whole_url(self, url):
        assert not matches("**/chat", url)

    def test_single_star_stays_within_one_segment(self):
        assert matches("ws://h/*/feed", "ws://h/prices/feed")
        assert matches("ws://h/*/feed", "ws://h//feed")
        assert not matches("ws://h/*/feed", "ws://h/a/b/feed")

    def test_single_star_in_port_position(self):
        assert matches("ws://localhost:*/feed", "ws://localhost:8765/feed")
        assert not matches("ws://localhost:*/feed", "ws://otherhost:8765/feed")

    def test_double_star_crosses_slashes(self):
        assert matches("ws://h/**", "ws://h/a/b/c")
        assert matches("ws://h/**", "ws://h/")
        assert matches("ws://h/a**z", "ws://h/a/b/z")
        assert not matches("ws://h/**", "ws://other/a")

    def test_double_star_slash_needs_no_directory(self):
        assert matches("ws://h/**/chat", "ws://h/chat")
        assert matches("ws://h/**/chat", "ws://h/x/y/chat")
        assert not matches("ws://h/**/chat", "ws://h/xchat")

    def test_braces_are_alternatives(self):
        glob = "ws://h/feed?symbol={ACME,INIT}"
        assert matches(glob, "ws://h/feed?symbol=ACME")
        assert matches(glob, "ws://h/feed?symbol=INIT")
        assert not matches(glob, "ws://h/feed?symbol=OTHER")
        assert not matches(glob, "ws://h/feed?symbol=ACMEINIT")

    def test_braces_may_hold_stars(self):
        assert matches("**/{chat,feed*}", "ws://h/feed-v2")
        assert not matches("**/{chat,feed*}", "ws://h/news")

    def test_comma_outside_braces_is_literal(self):
        assert matches("**/a,b", "ws://h/a,b")
        assert not matches("**/a,b", "ws://h/a")

    def test_question_mark_is_literal(self):
        assert matches("**/feed?x=1", "ws://h/feed?x=1")
        assert not matches("**/feed?x=1", "ws://h/feedAx=1")

    @pytest.mark.parametrize("char", [".", "+", "(", ")", "[", "]", "$", "^", "|"])
    def test_regex_characters_are_literal(self, char):
        assert matches(f"**/a{char}b", f"ws://h/a{char}b")
        assert not matches(f"**/a{char}b", "ws://h/aXb")

    def test_backslash_escapes_the_next_character(self):
        assert matches(r"**/a\{b\}", "ws://h/a{b}")
        assert matches(r"**/a\*", "ws://h/a*")
        assert not matches(r"**/a\*", "ws://h/ab")
        assert matches(r"**/a\,b", "ws://h/a,b")

    def test_trailing_backslash_is_literal(self):
        assert matches("**/a\\", "ws://h/a\\")

    def test_matching_is_case_sensitive(self):
        assert not matches("**/chat", "ws://h/CHAT")

    @pytest.mark.parametrize(
        "glob, problem",
        [
            ("**/a{b", "unmatched '{'"),
            ("**/a}b", "unmatched '}'"),
            ("**/{a,{b}}", "nested '{' is not supported"),
        ],
    )
    def test_invalid_glob_names_pattern_and_problem(self, glob, problem):
        with pytest.raises(WsRouteError) as error:
            UrlPattern(glob)
        assert str(error.value) == (
            f"URL pattern {glob!r} is not a valid glob: {problem}. "
            "Escape a literal brace as '\\{' or '\\}'."
        )

    @pytest.mark.parametrize("text", ["", None, 5])
    def test_empty_or_not_text_fails(self, text):
        with pytest.raises(WsRouteError) as error:
            UrlPattern(text)
        assert str(error.value) == (
            f"URL pattern {text!r} is empty. Give a glob such as '**/chat' "
            "or a regular expression such as '/chat\\?room=\\d+/'."
        )


class TestRegexp:
    def test_is_searched_not_anchored(self):
        assert matches("/chat/", "ws://h/chat/room")
        assert matches("/chat/", "ws://h/mychat")
        assert not matches("/chat/", "ws://h/news")

    def test_example_from_the_contract(self):
        pattern = r"/chat\?room=\d+/i"
        assert matches(pattern, "ws://h/chat?room=12")
        assert matches(pattern, "ws://h/CHAT?ROOM=7")
        assert not matches(pattern, "ws://h/chat?room=abc")

    def test_without_flags_is_case_sensitive(self):
        assert not matches(r"/chat\?room=\d+/", "ws://h/CHAT?room=1")

    def test_anchors_work(self):
        assert matches("/^wss:/", "wss://h/x")
        assert not matches("/^wss:/", "ws://h/wss:")

    def test_flags_m_s_u_are_accepted(self):
        assert matches("/a.b/s", "ws://h/a\nb")
        assert not matches("/a.b/", "ws://h/a\nb")
        assert matches("/^b/m", "ws://h/a\nb")
        assert matches("/chat/u", "ws://h/chat")
        assert matches("/CHAT/imsu", "ws://h/chat")
        assert matches("/CHAT/dgimsuvy", "ws://h/chat")

    def test_slashes_inside_the_body(self):
        assert matches("/h/chat$/", "ws://h/chat")
        assert not matches("/h/chat$/", "ws://h/chat2")

    def test_braces_are_not_glob_checked(self):
        assert matches(r"/room=\d{2}/", "ws://h/x?room=42")

    def test_ignored_javascript_flags_are_accepted(self):
        assert matches("/chat/gy", "ws://h/chat")
        assert matches("/CHAT/gi", "ws://h/chat")

    def test_letters_that_are_no_flags_make_a_relative_glob(self):
        # '/api/chat' would be a regexp 'api' with flags 'chat': not flags, so a glob.
        assert matches("/api/chat", "ws://h:1/api/chat", "http://h:1/page.html")
        assert not matches("/api/chat", "ws://h:1/api/chat2", "http://h:1/page.html")
        assert not matches("/api/chat", "ws://h:1/xapi/chat", "http://h:1/page.html")

    def test_invalid_regexp_names_pattern_and_problem(self):
        with pytest.raises(WsRouteError) as error:
            UrlPattern("/chat(/")
        assert str(error.value) == (
            "URL pattern '/chat(/' is not a valid regular expression: "
            "missing ), unterminated subpattern at position 4."
        )

    def test_text_keeps_what_was_given(self):
        assert UrlPattern("/chat/i").text == "/chat/i"
        assert repr(UrlPattern("/chat/i")) == "UrlPattern('/chat/i')"


class TestRelativeGlob:
    def test_resolves_against_base_url_with_ws_scheme(self):
        base = "http://localhost:8000/app/"
        assert matches("chat", "ws://localhost:8000/app/chat", base)
        assert not matches("chat", "ws://localhost:8000/chat", base)
        assert not matches("chat", "wss://localhost:8000/app/chat", base)

    def test_https_becomes_wss(self):
        base = "https://example.com/"
        assert matches("/chat", "wss://example.com/chat", base)
        assert not matches("/chat", "ws://example.com/chat", base)

    def test_absolute_path_resolves_against_the_host(self):
        assert matches("/chat", "ws://h:1/chat", "http://h:1/deep/page.html")
        assert not matches("/chat", "ws://h:1/deep/chat", "http://h:1/deep/page.html")

    def test_resolved_glob_keeps_its_wildcards(self):
        base = "http://h/"
        assert matches("feed/*", "ws://h/feed/prices", base)
        assert not matches("feed/*", "ws://h/feed/a/b", base)
        assert matches("{chat,feed}", "ws://h/feed", base)

    def test_text_is_not_resolved(self):
        assert UrlPattern("chat", "http://h/").text == "chat"

    def test_glob_starting_with_star_is_not_resolved(self):
        assert matches("**/chat", "ws://elsewhere/chat", "http://h/app/")

    def test_absolute_glob_is_not_resolved(self):
        assert matches("ws://other/chat", "ws://other/chat", "http://h/app/")
        assert not matches("ws://other/chat", "ws://h/app/chat", "http://h/app/")

    def test_without_base_url_the_glob_is_literal(self):
        assert matches("chat", "chat")
        assert not matches("chat", "ws://h/chat")

    def test_regexp_is_not_resolved(self):
        assert matches("/chat/", "ws://elsewhere/chat", "http://h/app/")


class TestPortable:
    """A glob's regular expression is handed to Playwright's JavaScript side."""

    @pytest.mark.parametrize(
        "text", ["**/chat", "ws://127.0.0.1:*/feed?symbol={ACME,INIT}", "chat", "/api/chat"]
    )
    def test_globs_are_portable(self, text):
        assert UrlPattern(text, "http://h:1/app/").portable

    @pytest.mark.parametrize("text", ["/chat/", r"/chat\?room=\d+/i"])
    def test_regular_expressions_are_not(self, text):
        assert not UrlPattern(text).portable

    @pytest.mark.parametrize("char", list(".+()[]^$|-&~# :/@%='\""))
    def test_a_glob_translation_uses_only_escapes_javascript_reads_alike(self, char):
        # JavaScript (without the u flag) reads "\\x" as x for any of these.
        source = UrlPattern(f"**/a{char}b").regex.pattern
        assert re.fullmatch(r"\^\(\?:\.\*/\)\?a\\?.b\$", source), source
