"""Message matchers (exact, glob, regexp, json), reply templates, shortening."""

import json

import pytest

from WsRouteLibrary.errors import InvalidInputError, WsRouteError
from WsRouteLibrary.model.matching import (
    Match,
    Matcher,
    MatchMode,
    TemplateError,
    contains,
    parse_mode,
    render,
    shorten,
)

ALL_MODES = list(MatchMode)


def ok(expected, message, mode="exact"):
    return Matcher(expected, mode).match(message) is not None


def rendered(template, expected, message, mode):
    found = Matcher(expected, mode).match(message)
    assert found is not None, f"{message!r} should match {expected!r} ({mode})"
    return render(template, found)


class TestMode:
    @pytest.mark.parametrize("mode", ALL_MODES)
    def test_enum_is_kept(self, mode):
        assert parse_mode(mode) is mode

    @pytest.mark.parametrize(
        "text, mode",
        [
            ("exact", MatchMode.exact),
            ("GLOB", MatchMode.glob),
            (" RegExp ", MatchMode.regexp),
            ("json", MatchMode.json),
        ],
    )
    def test_text_is_case_and_space_insensitive(self, text, mode):
        assert parse_mode(text) is mode
        assert Matcher('"x"', text).mode is mode

    @pytest.mark.parametrize("mode", ["regex", "", "contains"])
    def test_unknown_mode_fails(self, mode):
        with pytest.raises(WsRouteError) as error:
            Matcher("x", mode)
        assert str(error.value) == (
            f"Match mode {mode!r} is not supported. Use one of: exact, glob, regexp, json."
        )

    def test_default_mode_is_exact(self):
        assert Matcher("x").mode is MatchMode.exact


class TestAnyMessage:
    @pytest.mark.parametrize("mode", ALL_MODES)
    @pytest.mark.parametrize("message", ["", "text", b"\xff\x00", '{"a": 1}'])
    def test_none_matches_everything(self, mode, message):
        found = Matcher(None, mode).match(message)
        assert found is not None
        assert found.message == message

    @pytest.mark.parametrize("mode", ALL_MODES)
    def test_describe(self, mode):
        assert Matcher(None, mode).describe() == "any message"

    def test_message_placeholder_still_works(self):
        assert render("got {{message}}", Matcher(None).match("hi")) == "got hi"


class TestExpectedType:
    @pytest.mark.parametrize("expected", [5, ["a"], {"a": 1}, 1.5])
    def test_must_be_text_or_bytes(self, expected):
        with pytest.raises(WsRouteError) as error:
            Matcher(expected)
        assert str(error.value) == (
            f"Message {expected!r} must be a string (text frame) or bytes (binary frame)."
        )


class TestExact:
    def test_equal_text(self):
        assert ok("ping", "ping")

    @pytest.mark.parametrize("message", ["pin", "ping ", " ping", "PING", "pingping", ""])
    def test_whole_message_must_be_equal(self, message):
        assert not ok("ping", message)

    def test_no_pattern_characters(self):
        assert ok("a*b?", "a*b?")
        assert not ok("a*b", "axb")
        assert not ok("a.b", "axb")

    def test_bytes_equal_bytes(self):
        assert ok(b"\x01\x02", b"\x01\x02")
        assert not ok(b"\x01\x02", b"\x01\x02\x03")

    def test_text_never_equals_binary(self):
        assert not ok("ping", b"ping")
        assert not ok(b"ping", "ping")

    def test_describe(self):
        assert Matcher("ping").describe() == "'ping'"

    def test_shorten_quotes_as_written(self):
        assert shorten("it's \\d") == "'it's \\d'"
        assert shorten("a\nb\tc") == "'a\\nb\\tc'"
        assert Matcher(b"\x01\xff").describe() == "bytes[2] 01 ff"

    def test_match_keeps_the_message(self):
        found = Matcher(b"\x01").match(b"\x01")
        assert found.message == b"\x01"
        assert found.groups is None
        assert found.document is None


class TestGlob:
    @pytest.mark.parametrize(
        "pattern, message",
        [
            ("get *", "get items"),
            ("get *", "get "),
            ("?ing", "ping"),
            ("[pk]ing", "king"),
            ("*", ""),
            ("a*c", "a/b/c"),
            ("a[!b]c", "axc"),
        ],
    )
    def test_matches(self, pattern, message):
        assert ok(pattern, message, "glob")

    @pytest.mark.parametrize(
        "pattern, message",
        [
            ("get *", "forget it"),
            ("get", "get items"),
            ("?ing", "pping"),
            ("[pk]ing", "ring"),
            ("a[!b]c", "abc"),
            ("get *", "GET x"),
        ],
    )
    def test_does_not_match(self, pattern, message):
        assert not ok(pattern, message, "glob")

    def test_regex_characters_are_literal(self):
        assert ok("a.b+(c)", "a.b+(c)", "glob")
        assert not ok("a.b", "axb", "glob")

    def test_binary_message_is_read_as_utf8(self):
        assert ok("hé *", "hé there".encode(), "glob")

    def test_binary_expected_is_read_as_utf8(self):
        assert ok(b"p*", "pong", "glob")

    def test_binary_that_is_not_utf8_never_matches(self):
        assert not ok("*", b"\xff\xfe", "glob")

    def test_describe(self):
        assert Matcher("get *", "glob").describe() == "'get *' (match=glob)"

    def test_no_groups(self):
        assert Matcher("get *", "glob").match("get x").groups is None


class TestRegexp:
    def test_whole_text_must_match(self):
        assert ok(r"buy \d+", "buy 10", "regexp")
        assert not ok(r"buy \d+", "buy 10 now", "regexp")
        assert not ok(r"buy \d+", "please buy 10", "regexp")
        assert not ok(r"buy|sell", "buyer", "regexp")
        assert ok(r"buy|sell", "sell", "regexp")

    def test_case_sensitive_unless_flagged(self):
        assert not ok("ping", "PING", "regexp")
        assert ok("(?i)ping", "PING", "regexp")

    def test_binary_message_is_read_as_utf8(self):
        assert ok(r"\d+", b"123", "regexp")
        assert not ok(r".*", b"\xff", "regexp")

    def test_invalid_regexp_fails_at_once(self):
        with pytest.raises(WsRouteError) as error:
            Matcher("buy (", "regexp")
        assert str(error.value) == (
            "Message pattern 'buy (' is not a valid regular expression: "
            "missing ), unterminated subpattern at position 4."
        )

    def test_invalid_regexp_is_fine_in_other_modes(self):
        assert ok("buy (", "buy (", "exact")
        assert ok("buy (", "buy (", "glob")

    def test_describe(self):
        # Quoted as written: one backslash, not repr's two.
        assert Matcher(r"\d+", "regexp").describe() == r"'\d+' (match=regexp)"


class TestJsonContainment:
    @pytest.mark.parametrize(
        "expected, actual",
        [
            ({"a": 1}, {"a": 1}),
            ({"a": 1}, {"a": 1, "b": 2}),
            ({}, {"anything": [1, 2]}),
            ({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3}),
            ([1, 2], [1, 2]),
            ([{"id": 1}], [{"id": 1, "name": "x"}]),
            ({"a": [{"b": 1}, 2]}, {"a": [{"b": 1, "c": 0}, 2]}),
            ([], []),
            ("x", "x"),
            (1, 1),
            (1, 1.0),
            (None, None),
            (True, True),
            (False, False),
            ({"a": None}, {"a": None}),
        ],
    )
    def test_contained(self, expected, actual):
        assert contains(actual, expected)

    @pytest.mark.parametrize(
        "expected, actual",
        [
            ({"a": 1}, {"b": 1}),
            ({"a": 1}, {"a": 2}),
            ({"a": 1}, {"a": "1"}),
            ({"a": {"b": 1}}, {"a": {"c": 1}}),
            ({"a": {"b": 1}}, {"a": 1}),
            ({}, []),
            ({"a": 1}, [{"a": 1}]),
            ([1, 2], [1, 2, 3]),
            ([1, 2], [1]),
            ([1, 2], [2, 1]),
            ([], [1]),
            ([{"id": 1}], [{"id": 2}]),
            ([1], {"0": 1}),
            ("x", "y"),
            (1, "1"),
            (None, {}),
            ({"a": None}, {}),
            (True, 1),
            (1, True),
            (False, 0),
            (0, False),
            ({"a": [True]}, {"a": [1]}),
        ],
    )
    def test_not_contained(self, expected, actual):
        assert not contains(actual, expected)

    def test_matcher_uses_containment(self):
        assert ok('{"type": "join"}', '{"type": "join", "room": "lobby"}', "json")
        assert ok('{"type": "join"}', '  {"room": "lobby",\n "type": "join"}  ', "json")
        assert not ok('{"type": "join"}', '{"type": "leave"}', "json")
        assert not ok('{"ids": [1]}', '{"ids": [1, 2]}', "json")

    def test_message_that_is_not_json_does_not_match(self):
        assert not ok('{"a": 1}', "a=1", "json")
        assert not ok('"x"', "x", "json")

    def test_binary_json_message_matches(self):
        assert ok('{"a": 1}', b'{"a": 1, "b": 2}', "json")
        assert not ok('{"a": 1}', b"\xff", "json")

    def test_binary_expected_is_read_as_utf8(self):
        assert ok(b'{"a": 1}', '{"a": 1}', "json")

    def test_scalar_documents(self):
        assert ok("5", "5", "json")
        assert ok("null", "null", "json")
        assert not ok("5", "6", "json")
        assert not ok("true", "1", "json")

    def test_match_carries_the_parsed_message(self):
        found = Matcher('{"a": 1}', "json").match('{"a": 1, "b": [2]}')
        assert found.document == {"a": 1, "b": [2]}
        assert found.groups is None

    @pytest.mark.parametrize(
        "text, problem",
        [
            ("not json", "Expecting value: line 1 column 1 (char 0)"),
            (
                "{'a': 1}",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            ("", "Expecting value: line 1 column 1 (char 0)"),
        ],
    )
    def test_invalid_json_fails_at_once(self, text, problem):
        with pytest.raises(WsRouteError) as error:
            Matcher(text, "json")
        assert str(error.value) == (
            f"Message '{text}' is not valid JSON ({problem}), but match=json needs a "
            'JSON document, e.g. {"type": "ping"}. Use match=exact, glob or regexp '
            "to compare text."
        )

    def test_describe(self):
        assert Matcher('{"a": 1}', "json").describe() == "'{\"a\": 1}' (match=json)"


class TestRenderMessage:
    def test_a_reply_of_only_the_message_keeps_its_type(self):
        binary = Matcher("*", "glob").match(b"\x01\x02\x03")
        assert render("{{message}}", binary) == b"\x01\x02\x03"
        assert render("{{ message }}", binary) == b"\x01\x02\x03"
        assert render("got {{message}}", binary) == "got \x01\x02\x03"
        assert render("{{message}}", Matcher("*", "glob").match("text")) == "text"

    def test_message_placeholder(self):
        assert rendered("echo {{message}}!", "hi", "hi", "exact") == "echo hi!"

    def test_message_placeholder_in_every_mode(self):
        assert rendered("{{message}}", "h*", "hello", "glob") == "hello"
        assert rendered("{{message}}", "h.*", "hello", "regexp") == "hello"
        assert rendered("[{{message}}]", "{}", '{"a": 1}', "json") == '[{"a": 1}]'

    def test_binary_message_is_inserted_as_text(self):
        assert rendered("got {{message}}", b"abc", b"abc", "exact") == "got abc"

    def test_spaces_inside_braces_are_ignored(self):
        assert rendered("<{{ message }}>", "x", "x", "exact") == "<x>"

    def test_placeholder_may_repeat(self):
        assert rendered("{{message}}/{{message}}", "x", "x", "exact") == "x/x"

    def test_template_without_placeholder_is_unchanged(self):
        template = '{"a": {"b": [1]}} {message} { {x} }'
        assert rendered(template, "x", "x", "exact") == template

    def test_binary_reply_is_sent_as_it_is(self):
        assert rendered(b"{{message}}", "x", "x", "exact") == b"{{message}}"

    def test_filled_value_is_not_reparsed(self):
        # A message that itself looks like a template or a regex replacement.
        assert rendered("{{message}}", "*", "{{x}} \\1 \\g<0>", "glob") == "{{x}} \\1 \\g<0>"


class TestRenderJsonPath:
    MESSAGE = json.dumps(
        {
            "op": "join",
            "room": "lobby",
            "user": {"name": "Ann", "id": 7, "admin": False, "tags": ["a", "b"]},
            "items": [{"id": 1, "name": "pen"}, {"id": 2, "name": "ink"}],
            "price": 1.5,
            "none": None,
            "text": 'say "hi" é',
            "0": "zero key",
        }
    )

    def fill(self, template, expected='{"op": "join"}'):
        return rendered(template, expected, self.MESSAGE, "json")

    def test_string_without_quotes(self):
        assert self.fill('{"joined": "{{room}}"}') == '{"joined": "lobby"}'
        assert self.fill("{{text}}") == 'say "hi" é'

    def test_nested_path(self):
        assert self.fill("{{user.name}}") == "Ann"

    def test_list_index(self):
        assert self.fill("{{items.1.name}}") == "ink"
        assert self.fill("{{user.tags.0}}") == "a"

    def test_digit_key_of_an_object(self):
        assert self.fill("{{0}}") == "zero key"

    @pytest.mark.parametrize(
        "path, value",
        [("user.id", "7"), ("price", "1.5"), ("user.admin", "false"), ("none", "null")],
    )
    def test_scalars_as_json(self, path, value):
        assert self.fill("{{" + path + "}}") == value

    def test_objects_and_lists_as_json(self):
        assert json.loads(self.fill("{{user}}")) == {
            "name": "Ann",
            "id": 7,
            "admin": False,
            "tags": ["a", "b"],
        }
        assert json.loads(self.fill("{{items}}")) == [
            {"id": 1, "name": "pen"},
            {"id": 2, "name": "ink"},
        ]

    def test_reply_built_from_values_is_json(self):
        reply = self.fill('{"echo": {{user}}, "n": {{user.id}}, "who": "{{user.name}}"}')
        assert json.loads(reply)["echo"]["tags"] == ["a", "b"]
        assert json.loads(reply)["n"] == 7
        assert json.loads(reply)["who"] == "Ann"

    def test_message_placeholder_wins_over_path(self):
        assert self.fill("{{message}}") == self.MESSAGE

    @pytest.mark.parametrize(
        "path", ["missing", "user.missing", "items.2", "items.x", "room.0", "user.id.x", ""]
    )
    def test_missing_path_fails(self, path):
        with pytest.raises(TemplateError) as error:
            self.fill("x{{" + path + "}}")
        assert "{{" + path + "}}" in str(error.value)


class TestRenderRegexpGroups:
    def test_numbered_groups(self):
        assert (
            rendered("bought {{1}} of {{2}}", r"buy (\d+) (\w+)", "buy 3 pens", "regexp")
            == "bought 3 of pens"
        )

    def test_group_zero_is_the_whole_match(self):
        assert rendered("{{0}}", r"buy \d+", "buy 3", "regexp") == "buy 3"

    def test_named_groups(self):
        assert rendered("done {{cmd}}", r"(?P<cmd>\w+) .*", "save all", "regexp") == "done save"

    def test_named_group_also_by_number(self):
        assert rendered("{{1}}", r"(?P<cmd>\w+) .*", "save all", "regexp") == "save"

    def test_group_that_did_not_take_part_is_empty(self):
        assert rendered("[{{2}}]", r"(a)|(b)", "a", "regexp") == "[]"

    def test_binary_message_groups_are_text(self):
        assert rendered("{{1}}", r"id=(\d+)", b"id=42", "regexp") == "42"

    @pytest.mark.parametrize("placeholder", ["2", "cmd", "x.y"])
    def test_missing_group_fails(self, placeholder):
        with pytest.raises(TemplateError) as error:
            rendered("{{" + placeholder + "}}", r"buy (\d+)", "buy 3", "regexp")
        assert "{{" + placeholder + "}}" in str(error.value)


class TestTemplateError:
    def test_message_names_template_placeholder_and_message(self):
        with pytest.raises(TemplateError) as error:
            rendered('{"hello": "{{name}}"}', '{"op": "hi"}', '{"op": "hi"}', "json")
        assert str(error.value) == (
            'Reply template \'{"hello": "{{name}}"}\' has placeholder {{name}} that '
            'message \'{"op": "hi"}\' cannot fill.'
        )

    def test_spaces_are_not_part_of_the_name(self):
        with pytest.raises(TemplateError) as error:
            rendered("{{ who }}", "x", "x", "exact")
        assert "placeholder {{who}} that message 'x' cannot fill" in str(error.value)

    def test_groups_and_paths_need_their_mode(self):
        for template in ("{{1}}", "{{a}}"):
            with pytest.raises(TemplateError):
                rendered(template, '{"a": 1}', '{"a": 1}', "exact")
            with pytest.raises(TemplateError):
                rendered(template, "*", '{"a": 1}', "glob")

    def test_json_null_message_has_no_paths(self):
        with pytest.raises(TemplateError):
            rendered("{{a}}", "null", "null", "json")

    def test_binary_message_is_shown_as_hex(self):
        with pytest.raises(TemplateError) as error:
            rendered("{{x}}", b"\x01\x02", b"\x01\x02", "exact")
        assert "message bytes[2] 01 02 cannot fill" in str(error.value)

    def test_long_message_is_shortened(self):
        message = "x" * 500
        with pytest.raises(TemplateError) as error:
            rendered("{{nope}}", "x*", message, "glob")
        assert "(500 chars)" in str(error.value)
        assert message not in str(error.value)

    def test_is_raised_for_a_hand_made_match(self):
        with pytest.raises(TemplateError):
            render("{{1}}", Match("m"))


class TestDeepJson:
    def test_a_message_nested_too_deep_to_read_matches_no_json_rule(self):
        deep = '{"a":' * 100_000 + "1" + "}" * 100_000
        assert Matcher('{"a": {}}', MatchMode.json).match(deep) is None
        assert Matcher('{"a": {}}', MatchMode.json).match('{"a": {"b": 1}}') is not None

    def test_an_expected_document_nested_too_deep_is_refused_clearly(self):
        deep = "[" * 100_000 + "]" * 100_000
        with pytest.raises(InvalidInputError, match=r"nests deeper than Python's JSON reads"):
            Matcher(deep, MatchMode.json)


class TestShorten:
    def test_text_is_quoted(self):
        assert shorten("hi") == "'hi'"
        assert shorten("") == "''"

    def test_text_up_to_the_limit_is_whole(self):
        assert shorten("x" * 80) == repr("x" * 80)

    def test_long_text_is_cut(self):
        assert shorten("x" * 81) == repr("x" * 80) + "... (81 chars)"
        assert shorten("abcdef", limit=3) == "'abc'... (6 chars)"

    def test_bytes_as_hex(self):
        assert shorten(b"\x00\x01\xff") == "bytes[3] 00 01 ff"
        assert shorten(b"") == "bytes[0] "

    def test_long_bytes_are_cut(self):
        assert shorten(bytes(40)) == "bytes[40] " + " ".join(["00"] * 40)
        assert shorten(bytes(41)) == "bytes[41] " + " ".join(["00"] * 40) + " ..."
        assert shorten(b"\x01\x02\x03", limit=4) == "bytes[3] 01 02 ..."
