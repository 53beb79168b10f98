"""`pay lsp` driven by a real LSP client (pytest-lsp, over pygls and lsprotocol), as an editor
drives it, with VS Code's recorded client capabilities; and by a bare client (lsp_client.py) for
what a library would never send. Every document lives in a temporary folder; the server is the
real binary (PAY, default .build/debug/pay), started by each test and shut down.

    PAY=.build/debug/pay python3 -m pytest Tests/editors/test_lsp.py -q
"""
import os
import pathlib
import re
import subprocess
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

sys.path.insert(0, os.path.dirname(__file__))
from lsp_client import RawClient, uri  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAY = os.path.abspath(os.environ.get("PAY", ROOT / ".build/debug/pay"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[PAY, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


def document(client, path, text, version=1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri(path), language_id="pay", version=version, text=text)))


async def diagnostics_for(client, path):
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri(path)]


def spans(diagnostics):
    return [((d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character), d.severity, d.message)
            for d in diagnostics]


THREE = 'let o = order 1 TRX\nshow y\nlenn("abc")\nexpect len("a", "b") == 1\nrefund half of o\n'


@pytest.mark.asyncio
async def test_three_errors_then_two_after_a_change(client: LanguageClient, tmp_path):
    path = tmp_path / "three.pay"
    document(client, path, THREE)
    assert spans(await diagnostics_for(client, path)) == [
        ((1, 5), (1, 6), types.DiagnosticSeverity.Error, "'y' is not defined; did you mean 'o'?"),
        ((2, 0), (2, 11), types.DiagnosticSeverity.Error, "'lenn' is not a function; did you mean 'len'?"),
        ((3, 7), (3, 20), types.DiagnosticSeverity.Error, "len() takes 1 argument, got 2"),
    ]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=1, character=5), end=types.Position(line=1, character=6)), text="o")]))
    assert spans(await diagnostics_for(client, path)) == [
        ((2, 0), (2, 11), types.DiagnosticSeverity.Error, "'lenn' is not a function; did you mean 'len'?"),
        ((3, 7), (3, 20), types.DiagnosticSeverity.Error, "len() takes 1 argument, got 2"),
    ]


@pytest.mark.asyncio
async def test_amount_literals_and_warnings_as_pay_check_reports_them(client: LanguageClient, tmp_path):
    path = tmp_path / "literals.pay"
    document(client, path, "let unused = 1\nlet o = order 0.0000001 TRX\nlet f = 2 XYZ\nshow o\nshow f\n")
    assert spans(await diagnostics_for(client, path)) == [
        ((0, 0), (0, 14), types.DiagnosticSeverity.Warning, "'unused' is declared but never used"),
        ((1, 14), (1, 27), types.DiagnosticSeverity.Error, "TRX has 6 decimal places; 0.0000001 has 7"),
        ((2, 8), (2, 13), types.DiagnosticSeverity.Error, "unknown currency XYZ: the gateway's assets are USDT_TRC20 (USDT), "
         "TRX; fiat currencies are ISO 4217 codes like EUR, USD, JPY"),
    ]


@pytest.mark.asyncio
async def test_codes_explanations_and_quick_fixes(client: LanguageClient, tmp_path):
    path = tmp_path / "fix.pay"
    document(client, path, "let total = 1 TRX\nprint totl\nprint lenn([total])\n")
    found = await diagnostics_for(client, path)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [("P201", 1, 6), ("P205", 2, 6)]
    explained = ROOT / "docs" / "diagnostics.md"
    assert [d.code_description.href for d in found] == [explained.as_uri() + "#p201", explained.as_uri() + "#p205"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)),
        range=types.Range(start=types.Position(line=1, character=0), end=types.Position(line=2, character=15)),
        context=types.CodeActionContext(diagnostics=found)))
    assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
        ("Replace with 'total'", types.CodeActionKind.QuickFix, True), ("Replace with 'len'", types.CodeActionKind.QuickFix, True)]
    edits = [edit for a in actions for edit in a.edit.changes[uri(path)]]
    assert [((e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character), e.new_text) for e in edits] == [
        ((1, 6), (1, 10), "total"), ((2, 6), (2, 10), "len")]
    # A misspelt command is a syntax error with its fix; nothing on a line without a diagnostic.
    document(client, tmp_path / "ordr.pay", "let o = ordr 1 TRX\nprint o\n")
    typo = await diagnostics_for(client, tmp_path / "ordr.pay")
    assert [(d.code, d.message) for d in typo] == [("P105", "'ordr' is not a command; did you mean 'order'?")]
    fixes = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(tmp_path / "ordr.pay")),
        range=types.Range(start=types.Position(line=0, character=9), end=types.Position(line=0, character=9)),
        context=types.CodeActionContext(diagnostics=typo)))
    assert [e.new_text for a in fixes for e in a.edit.changes[uri(tmp_path / "ordr.pay")]] == ["order"]
    none = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(tmp_path / "ordr.pay")),
        range=types.Range(start=types.Position(line=1, character=0), end=types.Position(line=1, character=0)),
        context=types.CodeActionContext(diagnostics=[])))
    assert list(none) == []


RENAMING = ("let total = 1 TRX\ndef fee(x) {\n  return x * 2%\n}\nlet net = total - fee(total)\nprint net\n"
            "for t in [1] {\n  let total2 = t\n  print total2\n}\n")


def at(line, character):
    return types.Position(line=line, character=character)


def spots(items):
    return [((r.range.start.line, r.range.start.character), (r.range.end.line, r.range.end.character)) for r in items]


@pytest.mark.asyncio
async def test_a_data_files_columns_complete_after_a_row(client: LanguageClient, tmp_path):
    """Issue 31: after `c.`, where c is a row of `load("….csv")` (by `cases … as c`, or a `for`
    over a `let` of such a load), the file's header names; a JSON file's first item's fields."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "rows.csv").write_text("amount,ref,refund\n1 TRX,A-1,50%\n")
    (tmp_path / "data" / "rows.json").write_text('[{"who": "a", "paid": {"amount": "1", "currency": "TRX"}}]\n')
    path = tmp_path / "rows.pay"
    text = ('cases load("data/rows.csv") as c {\n  print c.\n}\nlet rows = load("data/rows.json")\nfor r in rows {\n  print r.\n}\n'
            'let missing = load("data/none.csv")\nfor m in missing {\n  print m.\n}\n')
    document(client, path, text)
    await diagnostics_for(client, path)

    async def labels(line, character):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=line, character=character)))
        return [item.label for item in result.items]

    assert await labels(1, 10) == ["amount", "ref", "refund"]
    assert await labels(5, 10) == ["who", "paid"]
    assert await labels(9, 10) == []


@pytest.mark.asyncio
async def test_references_highlights_and_rename(client: LanguageClient, tmp_path):
    path = tmp_path / "names.pay"
    document(client, path, RENAMING)
    await diagnostics_for(client, path)
    doc = types.TextDocumentIdentifier(uri=uri(path))
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc, position=at(4, 12), context=types.ReferenceContext(include_declaration=True)))
    assert spots(found) == [((0, 4), (0, 9)), ((4, 10), (4, 15)), ((4, 22), (4, 27))]
    assert {r.uri for r in found} == {uri(path)}
    lit = await client.text_document_document_highlight_async(types.DocumentHighlightParams(text_document=doc, position=at(0, 5)))
    assert [(spot, h.kind) for spot, h in zip(spots(lit), lit)] == [
        (((0, 4), (0, 9)), types.DocumentHighlightKind.Write), (((4, 10), (4, 15)), types.DocumentHighlightKind.Read),
        (((4, 22), (4, 27)), types.DocumentHighlightKind.Read)]
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc, position=at(4, 23)))
    assert (prepared.placeholder, (prepared.range.start.line, prepared.range.start.character)) == ("total", (4, 22))
    renamed = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=at(0, 4), new_name="gross"))
    edits = renamed.changes[uri(path)]
    assert [(e.new_text, (e.range.start.line, e.range.start.character)) for e in edits] == [
        ("gross", (0, 4)), ("gross", (4, 10)), ("gross", (4, 22))]
    # A parameter is renamed in its function alone.
    param = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=at(2, 9), new_name="amount"))
    assert [(e.range.start.line, e.range.start.character) for e in param.changes[uri(path)]] == [(1, 8), (2, 9)]
    # Refused: a name its uses could then mean, one inside its scope, a keyword, a built-in, not a name.
    for new_name, why in [("net", "'net' is already declared where 'total' is seen (line 5)"),
                          ("total2", "'total2' is already declared where 'total' is seen (line 8)"),
                          ("for", "'for' is a keyword"), ("len", "'len' is a built-in function"),
                          ("2x", "'2x' is not a name: a letter or _, then letters, digits or _")]:
        with pytest.raises(Exception) as refused:
            await client.text_document_rename_async(types.RenameParams(text_document=doc, position=at(0, 4), new_name=new_name))
        assert why in str(refused.value), (new_name, str(refused.value))
    with pytest.raises(Exception) as nothing:
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc, position=at(5, 1)))
    assert "no variable or function here to rename" in str(nothing.value)


@pytest.mark.asyncio
async def test_a_name_a_used_file_declares_or_reads_is_not_renamed_from_here(client: LanguageClient, tmp_path):
    (tmp_path / "lib.pay").write_text("def helper(a) {\n  return a + limit\n}\n")
    path = tmp_path / "main.pay"
    document(client, path, "let limit = 1\nuse \"lib.pay\"\nprint helper(2)\n")
    await diagnostics_for(client, path)
    doc = types.TextDocumentIdentifier(uri=uri(path))
    for position, why in [(at(2, 7), "'helper' is declared in lib.pay: rename it there"),
                          (at(0, 4), "'limit' is also read by lib.pay, which this document uses")]:
        with pytest.raises(Exception) as refused:
            await client.text_document_rename_async(types.RenameParams(text_document=doc, position=position, new_name="other"))
        assert why in str(refused.value), str(refused.value)
    # Its references still reach the used file's declaration.
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc, position=at(2, 7), context=types.ReferenceContext(include_declaration=True)))
    assert [(r.uri, r.range.start.line) for r in found] == [(uri(tmp_path / "lib.pay"), 0), (uri(path), 2)]


@pytest.mark.asyncio
async def test_completion_hover_definition_symbols(client: LanguageClient, tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "fees.pay").write_text("def charge(amount, ref) {\n  return order amount external ref\n}\n")
    path = tmp_path / "main.pay"
    text = 'use "lib/fees.pay"\nlet o = order 1 TRX\nlet c = charge(2 TRX, "R-1")\nrefund half of o\no.\n'
    document(client, path, text)
    await diagnostics_for(client, path)

    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=4, character=2)))
    assert [item.label for item in completion.items] == [
        "id", "status", "createdAt", "updatedAt", "transactions", "primaryAmount", "secondaryAmount",
        "serviceFeeAmount", "totalAmount", "externalId", "paymentAddress", "paymentLink", "widgetCode",
        "requestedAmount", "assetId", "integrationId", "kind"]
    assert completion.items[4].detail == "list of transaction"

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=3, character=2)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value == (
        "```pay\nrefund [half|all|AMOUNT|PERCENT] [of ORDER] [to ADDRESS]\n```\n\n"
        "refund an order (all that is left, by default) to its payer; binds the refund.\n\n"
        "Sends money out: on a real gateway only with --allow-outgoing, within --max-outgoing.")
    assert (hover.range.start.line, hover.range.start.character, hover.range.end.character) == (3, 0, 6)

    definition = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=2, character=10)))
    assert definition.uri == uri(tmp_path / "lib" / "fees.pay")
    assert (definition.range.start.line, definition.range.start.character, definition.range.end.character) == (0, 4, 10)

    to_file = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=0, character=8)))
    assert to_file.uri == uri(tmp_path / "lib" / "fees.pay")

    hover_call = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=2, character=9)))
    assert hover_call.contents.value == "```pay\ndef charge(amount, ref)\n```\n\nParameters: `amount`, `ref`.\n\nDefined in " \
        + str(tmp_path / "lib" / "fees.pay") + ":1."
    hover_variable = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=3, character=15)))
    assert hover_variable.contents.value.startswith("```pay\nlet o: order\n```\n\nFields: `id`, `status`,")

    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path))))
    assert [(s.name, s.kind, s.detail, s.selection_range.start.line, s.selection_range.start.character) for s in symbols] == [
        ("o", types.SymbolKind.Variable, "order", 1, 4), ("c", types.SymbolKind.Variable, "unknown until it runs", 2, 4)]


@pytest.mark.asyncio
async def test_completion_contexts(client: LanguageClient, tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "one.pay").write_text("let one = 1\n")
    (tmp_path / "two.pay").write_text("let two = 2\n")
    path = tmp_path / "main.pay"
    text = 'def pay_twice(ord) {\n  pay ord\n}\nlet total = 5\nwait \nlet x = 3 \nuse "\nto\nlet r = rates 10 EUR\nr[0].\n'
    document(client, path, text)
    await diagnostics_for(client, path)

    async def labels(line, character):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line=line, character=character)))
        return [item.label for item in result.items], result.items

    assert (await labels(4, 5))[0] == ["inProgress", "completed", "expired", "failed", "canceled"]
    assert (await labels(5, 10))[0] == ["CHF", "EUR", "GBP", "JPY", "TRX", "USD", "USDT", "USDT_TRC20"]
    # main.pay is only in the editor, not on disk.
    assert (await labels(6, 5))[0] == ["lib/", "two.pay"]
    names, items = await labels(7, 2)
    assert names == ["total", "to"]
    assert (await labels(9, 5))[0] == ["assetId", "rate", "crypto"]
    names, items = await labels(3, 12)
    # `total` is declared by this very line; the rest: built-ins, commands, other keywords.
    assert names == ["pay_twice", "env", "param", "uuid", "now", "time", "len", "str", "sum", "contains", "load",
                     "integrations", "integration", "assets", "rates", "order", "get order", "get transaction", "get rate",
                     "refund", "withdraw", "send", "wait", "pay", "advance", "balance", "refresh", "let", "if", "else", "for",
                     "in", "repeat", "def", "return", "use", "expect", "fail", "print", "show", "sleep", "and", "or",
                     "not", "true", "false", "null", "it", "transaction", "half", "all", "of", "to", "from", "within",
                     "external", "cases"]
    twice = next(item for item in items if item.label == "pay_twice")
    assert (twice.insert_text, twice.insert_text_format) == ("pay_twice(${1:ord})", types.InsertTextFormat.Snippet)
    withdraw = next(item for item in (await labels(4, 0))[1] if item.label == "withdraw")
    assert withdraw.insert_text == "withdraw ${1:AMOUNT} to ${2:ADDRESS}"


@pytest.mark.asyncio
async def test_diagnostics_of_a_used_file_go_to_that_file(client: LanguageClient, tmp_path):
    (tmp_path / "lib.pay").write_text("let a = \n")
    path = tmp_path / "main.pay"
    document(client, path, 'use "lib.pay"\nuse "gone.pay"\n')
    published = {}
    while len(published) < 2:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        published.update({key: value for key, value in client.diagnostics.items()})
    assert spans(published[uri(path)]) == [
        ((1, 0), (1, 14), types.DiagnosticSeverity.Error, "cannot read 'gone.pay': no such file (looked for "
         + str(tmp_path / "gone.pay") + ")")]
    assert [(d.range.start.line, d.range.start.character, d.message) for d in published[uri(tmp_path / "lib.pay")]] == [
        (0, 8, "expression expected, found end of line")]


@pytest.mark.asyncio
async def test_formatting_is_pay_fmt(client: LanguageClient, tmp_path):
    path = tmp_path / "messy.pay"
    text = 'let o = order 1 TRX\nif o.status=="x"{print [1,2,  3]}\n\n\n\nshow o # keep\n'
    document(client, path, text)
    await diagnostics_for(client, path)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    formatted = subprocess.run([PAY, "fmt", "-"], input=text.encode(), capture_output=True, check=True).stdout.decode()
    assert formatted == 'let o = order 1 TRX\nif o.status == "x" { print [1, 2, 3] }\n\nshow o  # keep\n'
    assert len(edits) == 1 and edits[0].new_text == formatted
    assert (edits[0].range.start.line, edits[0].range.start.character) == (0, 0)
    assert (edits[0].range.end.line, edits[0].range.end.character) == (6, 0)


# MARK: What a library would not send

@pytest.fixture
def raw():
    client = RawClient(PAY)
    yield client
    if client.process.poll() is None:
        client.process.kill()
        client.process.wait()


def test_bad_input_gets_protocol_errors_and_the_server_keeps_serving(raw, tmp_path):
    assert raw.request("textDocument/hover", {})["error"]["code"] == -32002  # before initialize
    raw.initialize()
    path = tmp_path / "a.pay"
    raw.open(uri(path), "let o = order 1 TRX\nshow o\n")
    assert raw.diagnostics(uri(path)) == []

    raw.write_raw(b"Content-Type: nothing\r\n\r\n")
    assert raw.read(time.monotonic() + 10)["error"] == {
        "code": -32700, "message": "malformed message header: a header block without Content-Length"}
    raw.write_raw(b"Content-Length: x12\r\n\r\n")
    assert raw.read(time.monotonic() + 10)["error"]["message"] == "malformed message header: Content-Length is not a length: x12"
    raw.write_raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,")
    error = raw.read(time.monotonic() + 10)
    assert (error["id"], error["error"]["code"]) == (None, -32700)
    assert raw.request("workspace/symbol", {"query": "x"})["error"] == {"code": -32601, "message": "workspace/symbol is not served"}
    assert raw.request("textDocument/hover", {"textDocument": {"uri": uri(path)}})["error"]["code"] == -32602
    assert raw.request("textDocument/hover", {"textDocument": {"uri": uri(path)}, "position": {"line": "one", "character": 0}})["error"]["code"] == -32602
    assert raw.request("textDocument/hover", {"textDocument": {"uri": uri(tmp_path / "closed.pay")}, "position": {"line": 0, "character": 0}})["error"] == {
        "code": -32602, "message": uri(tmp_path / "closed.pay") + " is not open"}
    past = raw.request("textDocument/completion", {"textDocument": {"uri": uri(path)}, "position": {"line": 40, "character": 0}})
    assert past["error"] == {"code": -32602, "message": "line 40 is past the end of the document (3 lines)"}
    # A character past the line's end means its end.
    beyond = raw.request("textDocument/hover", {"textDocument": {"uri": uri(path)}, "position": {"line": 1, "character": 99}})
    assert beyond["result"]["contents"]["value"].startswith("let o: order")
    raw.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 90, "character": 0}, "end": {"line": 91, "character": 0}}, "text": "x"}]})
    logged = raw.read(time.monotonic() + 10)
    assert logged["method"] == "window/logMessage" and "textDocument/didChange" in logged["params"]["message"]
    raw.send({"jsonrpc": "2.0", "id": 77, "method": "$/unknown"})
    assert raw.read(time.monotonic() + 10)["error"]["code"] == -32601
    # Still serving, with the text unchanged by the refused change.
    hover = raw.request("textDocument/hover", {"textDocument": {"uri": uri(path)}, "position": {"line": 0, "character": 9}})
    assert hover["result"]["contents"]["value"].startswith("order AMOUNT [for INTEGRATION] [external ID]")
    assert raw.close() == 0


def test_exit_without_shutdown_is_status_1(raw):
    raw.initialize()
    raw.notify("exit")
    assert raw.process.wait(timeout=10) == 1


def test_a_100000_line_document_gets_its_diagnostics(raw, tmp_path):
    raw.initialize()
    lines = ["let o = order 1 TRX"]
    for n in range(99_998):
        lines.append(f"let v{n} = o.totalAmount + {n % 7} TRX" if n % 2 == 0 else f"expect v{n - 1} > 0 TRX")
    lines.append("show y")
    path = tmp_path / "big.pay"
    started = time.monotonic()
    raw.open(uri(path), "\n".join(lines) + "\n")
    found = raw.diagnostics(uri(path), timeout=60)
    elapsed = time.monotonic() - started
    assert [(d["range"]["start"]["line"], d["message"]) for d in found] == [(99_999, "'y' is not defined; did you mean 'o'?")]
    print(f"100,000 lines: diagnostics in {elapsed * 1000:.0f} ms (BENCHMARKS.md has the release build's figure)")
    assert raw.close() == 0


class AssetsOnly:
    """A stand-in gateway on a free loopback port that knows one asset (BTC, 8 places) and logs
    every request it gets."""

    def __init__(self):
        import http.server
        import json
        import threading
        self.requests = []
        log = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *arguments):
                pass

            def do_GET(self):
                log.append(("GET", self.path, self.headers.get("Authorization", self.headers.get("X-Api-Key"))))
                if self.path.endswith("/crypto-assets"):
                    body = json.dumps({"assets": [{"id": "BTC", "currencyCode": "BTC", "displayName": "Bitcoin",
                                                   "blockchainId": "bitcoin", "blockchainDisplayName": "Bitcoin",
                                                   "name": "Bitcoin", "precision": 8}]}).encode()
                    self.send_response(200)
                else:
                    body = b'{"title": "not here"}'
                    self.send_response(404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                log.append(("POST", self.path, None))
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_with_api_literals_are_checked_against_that_gateway_and_nothing_else_is_sent(tmp_path):
    gateway = AssetsOnly()
    try:
        client = RawClient(PAY, args=("--api", gateway.url, "--key", "sk-lsp-test"))
        client.initialize()
        path = tmp_path / "live.pay"
        text = ('let o = order 0.123456789 BTC\nlet p = order 1 TRX\nrefund half of o\nwithdraw 1 BTC to "x"\n'
                'show p\nwait o completed\n')
        client.open(uri(path), text)
        assert [(d["range"]["start"]["line"], d["message"]) for d in client.diagnostics(uri(path))] == [
            (0, "BTC has 8 decimal places; 0.123456789 has 9"),
            (1, "unknown currency TRX: the gateway's assets are BTC; fiat currencies are ISO 4217 codes like EUR, USD, JPY")]
        for line, character in ((2, 2), (0, 10), (3, 3)):
            client.request("textDocument/hover", {"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}})
        client.request("textDocument/completion", {"textDocument": {"uri": uri(path)}, "position": {"line": 1, "character": 10}})
        client.request("textDocument/formatting", {"textDocument": {"uri": uri(path)}, "options": {"tabSize": 2, "insertSpaces": True}})
        assert client.close() == 0
        assert [(method, path) for method, path, _ in gateway.requests] == [("GET", "/crypto-assets")]
    finally:
        gateway.stop()


# MARK: The same diagnostics as pay check, on every script in the repository

CHECK_LINE = re.compile(r"^(.+?):(\d+):(\d+): (error|warning)\[(P\d{3})\]: (.*)$")


def scripts():
    return sorted(str(p) for folder in ("examples", "Tests/EndToEndTests/Cases") for p in (ROOT / folder).rglob("*.pay"))


def test_diagnostics_agree_with_pay_check_on_every_script():
    client = RawClient(PAY, cwd=ROOT)
    client.initialize()
    compared = 0
    for script in scripts():
        text = pathlib.Path(script).read_text()
        check = subprocess.run([PAY, "check", os.path.relpath(script, ROOT)], capture_output=True, cwd=ROOT, text=True)
        expected = []
        for line in check.stderr.splitlines():
            match = CHECK_LINE.match(line)
            if match and os.path.abspath(os.path.join(ROOT, match[1])) == script:
                expected.append((int(match[2]) - 1, int(match[3]) - 1, 1 if match[4] == "error" else 2, match[5], match[6]))
        client.open(uri(script), text)
        found = client.settled_diagnostics(uri(script))
        got = [(d["range"]["start"]["line"], d["range"]["start"]["character"], d["severity"], d["code"], d["message"].split("\n")[0])
               for d in found]
        # A whole-file error (a file that cannot be read) has no place; pay check puts it at 1:1.
        assert got == expected, script
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri(script)}})
        compared += 1
    assert compared == len(scripts()) >= 60
    assert client.close() == 0
