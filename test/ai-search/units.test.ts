import type { SharedV4Warning } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { promptToTextTurns, renderAutoRAGQuery } from "../../src/ai-search/convert-prompt";
import { httpUrlOf, mediaTypeOf, SourceCollector } from "../../src/ai-search/sources";

describe("source helpers", () => {
  it.each([
    ["guide.pdf", "application/pdf"],
    ["README.MD", "text/markdown"],
    ["page.html", "text/html"],
    ["data.csv", "text/csv"],
    ["report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["notes", "text/plain"],
    [".env", "text/plain"],
    ["archive.unknownext", "text/plain"],
  ])("guesses %s → %s", (filename, mediaType) => {
    expect(mediaTypeOf(filename)).toBe(mediaType);
  });

  it("only http(s) keys are URLs", () => {
    expect(httpUrlOf("https://example.com/a")).toBe("https://example.com/a");
    expect(httpUrlOf("HTTP://example.com")).toBe("http://example.com/");
    expect(httpUrlOf("ftp://example.com/a")).toBeUndefined();
    expect(httpUrlOf("docs/https-setup.md")).toBeUndefined();
    expect(httpUrlOf("https://")).toBeUndefined();
  });

  it("emits each chunk once across calls and keeps ids unique", () => {
    const collector = new SourceCollector("autorag");
    const chunk = { id: "f", text: "a", score: 1, key: "x.txt", filename: "x.txt", metadata: {} };
    expect(collector.add([chunk]).map((source) => source.id)).toEqual(["f"]);
    expect(collector.add([chunk, { ...chunk, text: "b" }]).map((source) => source.id)).toEqual(["f#2"]);
  });

  it("a chunk without a key is titled by its id", () => {
    const [source] = new SourceCollector("ai-search").add([
      { id: "c9", text: "t", score: 0.1, key: "", filename: "", metadata: {} },
    ]);
    expect(source).toMatchObject({ sourceType: "document", title: "c9", mediaType: "text/plain" });
    expect(source).not.toHaveProperty("filename");
  });
});

describe("conversation rendering", () => {
  it("renders tool results of every output kind as text, never [object Object]", () => {
    const warnings: never[] = [];
    const turns = promptToTextTurns(
      [
        { role: "user", content: [{ type: "text", text: "Weather?" }] },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "1",
              toolName: "weather",
              output: { type: "json", value: { temp: 20 } },
            },
            {
              type: "tool-result",
              toolCallId: "2",
              toolName: "denied",
              output: { type: "execution-denied", reason: "no" },
            },
            {
              type: "tool-result",
              toolCallId: "3",
              toolName: "mixed",
              output: { type: "content", value: [{ type: "text", text: "line" }] },
            },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Thanks, and tomorrow?" }] },
      ],
      warnings,
    );
    const { query } = renderAutoRAGQuery(turns, "conversation", undefined);
    expect(query).toBe(
      [
        "Conversation so far:",
        "User: Weather?",
        'Tool result (weather): {"temp":20}',
        "Tool result (denied): The user denied running this tool call. Reason: no",
        "Tool result (mixed): line",
        "",
        "Question: Thanks, and tomorrow?",
      ].join("\n"),
    );
    expect(query).not.toContain("[object Object]");
    expect(warnings).toEqual([]);
  });

  it("tool results keep their text and inline text files; other files are left out with one warning", () => {
    const warnings: SharedV4Warning[] = [];
    const turns = promptToTextTurns(
      [
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "1",
              toolName: "files",
              output: {
                type: "content",
                value: [
                  { type: "text", text: "summary" },
                  { type: "file", mediaType: "text/plain", data: { type: "text", text: "notes" } },
                  { type: "file", mediaType: "image/png", data: { type: "data", data: "iVBORw0KGgo=" } },
                ],
              },
            },
          ],
        },
      ],
      warnings,
    );
    expect(turns).toEqual([{ role: "tool", text: "summary\nnotes", toolName: "files" }]);
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "files in tool results",
        details: "AI Search takes text only; a file in a tool result was not sent.",
      },
    ]);
  });

  it("a single user message is the query as it is", () => {
    const { query, system } = renderAutoRAGQuery(
      [{ role: "user", text: "Just this" }],
      "conversation",
      undefined,
    );
    expect(query).toBe("Just this");
    expect(system).toBeUndefined();
  });
});
