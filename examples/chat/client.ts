/**
 * The chat page's browser script. It is shipped to the page as source text (`chatClient.toString()`),
 * so it must stay self-contained: no imports at run time and no references to module-level values.
 *
 * It speaks the AI SDK UI message stream protocol (what `useChat` reads) by hand: SSE events whose
 * `data:` lines are JSON chunks such as `text-delta`, `reasoning-delta`, `tool-input-available` and
 * `tool-output-available`.
 */
import type { UIMessageChunk } from "ai";

/** A UI message part as this page keeps it (the shape `useChat` would build). */
type Part = { type: string; [key: string]: unknown };
/** A UI message sent back to `/api/chat` as conversation history. */
type Message = { id: string; role: "user" | "assistant"; parts: Part[] };

/** Runs in the browser: wires the chat and image forms of the page. */
export function chatClient(): void {
  const byId = <T extends HTMLElement>(id: string): T => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`#${id} is missing from the page`);
    return element as T;
  };
  const list = byId<HTMLOListElement>("messages");
  const chatForm = byId<HTMLFormElement>("chat-form");
  const input = byId<HTMLTextAreaElement>("prompt");
  const sendButton = byId<HTMLButtonElement>("send");
  const stopButton = byId<HTMLButtonElement>("stop");
  const imageForm = byId<HTMLFormElement>("image-form");
  const imageInput = byId<HTMLInputElement>("image-prompt");
  const imageButton = byId<HTMLButtonElement>("image-send");
  const imageStatus = byId<HTMLParagraphElement>("image-status");
  const imageResult = byId<HTMLImageElement>("image-result");

  const messages: Message[] = [];
  let controller: AbortController | undefined;

  const element = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className: string,
    text?: string,
  ): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const scrollToEnd = () => list.lastElementChild?.scrollIntoView({ block: "end" });
  const pretty = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));
  const newId = () => Math.random().toString(36).slice(2, 12);

  /** Small markdown subset (what chat models write): paragraphs, lists, headings, code, bold, italics, links. */
  const renderMarkdown = (source: string): string => {
    const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
    const inline = (text: string) =>
      escapeHtml(text)
        .replace(/`([^`]+)`/g, "<code>$1</code>")
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,!?:;]|$)/g, "$1<em>$2</em>")
        .replace(
          /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
          '<a href="$2" target="_blank" rel="noopener">$1</a>',
        );
    const html: string[] = [];
    const blocks = source.split(/```/);
    blocks.forEach((block, index) => {
      if (index % 2 === 1) {
        html.push(`<pre><code>${escapeHtml(block.replace(/^[\w-]*\n/, ""))}</code></pre>`);
        return;
      }
      for (const paragraph of block.split(/\n{2,}/)) {
        const lines = paragraph.split("\n").filter((line) => line.trim() !== "");
        if (lines.length === 0) continue;
        if (lines.every((line) => /^\s*[-*] /.test(line)))
          html.push(
            `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ""))}</li>`).join("")}</ul>`,
          );
        else if (lines.every((line) => /^\s*\d+[.)] /.test(line)))
          html.push(
            `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)] /, ""))}</li>`).join("")}</ol>`,
          );
        else if (/^#{1,6} /.test(lines[0]) && lines.length === 1)
          html.push(`<p><strong>${inline(lines[0].replace(/^#+ /, ""))}</strong></p>`);
        else html.push(`<p>${lines.map(inline).join("<br>")}</p>`);
      }
    });
    return html.join("");
  };

  const addMessageElement = (role: Message["role"]) => {
    const item = element("li", `message ${role}`);
    item.dataset.role = role;
    item.append(element("div", "role", role === "user" ? "You" : "Assistant"));
    const body = element("div", "body");
    item.append(body);
    list.append(item);
    document.body.classList.add("has-messages");
    return { item, body };
  };

  /** Renders one assistant turn from the UI message stream and records its parts for the history. */
  const createAssistantView = (body: HTMLElement, parts: Part[]) => {
    const texts = new Map<string, { node: HTMLElement; part: Part }>();
    const reasonings = new Map<string, { node: HTMLDetailsElement; text: HTMLElement; part: Part }>();
    const tools = new Map<
      string,
      { node: HTMLElement; input: HTMLElement; output: HTMLElement; part: Part }
    >();

    const toolView = (toolCallId: string, toolName: string) => {
      let view = tools.get(toolCallId);
      if (!view) {
        const node = element("div", "tool");
        node.dataset.testid = "tool-call";
        node.dataset.toolName = toolName;
        node.dataset.state = "input-streaming";
        const head = element("div", "tool-head");
        head.append(element("span", "tool-icon", "ƒ"), element("span", "tool-name", toolName));
        head.append(element("span", "tool-state", "calling…"));
        const inputBlock = element("pre", "tool-input");
        inputBlock.dataset.testid = "tool-input";
        const outputBlock = element("pre", "tool-output");
        outputBlock.dataset.testid = "tool-output";
        node.append(
          head,
          element("div", "label", "Input"),
          inputBlock,
          element("div", "label", "Output"),
          outputBlock,
        );
        body.append(node);
        const part: Part = { type: `tool-${toolName}`, toolCallId, state: "input-streaming" };
        parts.push(part);
        view = { node, input: inputBlock, output: outputBlock, part };
        tools.set(toolCallId, view);
      }
      return view;
    };
    const setToolState = (view: { node: HTMLElement }, state: string, label: string) => {
      view.node.dataset.state = state;
      const stateNode = view.node.querySelector(".tool-state");
      if (stateNode) stateNode.textContent = label;
    };
    let failed = false;
    const showError = (message: string) => {
      const node = element("div", "error", message);
      node.dataset.testid = "error";
      body.append(node);
    };

    const handle = (chunk: UIMessageChunk) => {
      switch (chunk.type) {
        case "start-step":
          parts.push({ type: "step-start" });
          break;
        case "reasoning-start": {
          const node = element("details", "reasoning");
          node.dataset.testid = "reasoning";
          node.open = true;
          const summary = element("summary", "", "Thinking…");
          const text = element("div", "reasoning-text");
          node.append(summary, text);
          body.append(node);
          const part: Part = { type: "reasoning", text: "", state: "streaming" };
          if (chunk.providerMetadata) part.providerMetadata = chunk.providerMetadata;
          parts.push(part);
          reasonings.set(chunk.id, { node, text, part });
          break;
        }
        case "reasoning-delta": {
          const view = reasonings.get(chunk.id);
          if (!view) break;
          view.text.textContent += chunk.delta;
          view.part.text = `${view.part.text}${chunk.delta}`;
          break;
        }
        case "reasoning-end": {
          const view = reasonings.get(chunk.id);
          if (!view) break;
          view.part.state = "done";
          if (chunk.providerMetadata) view.part.providerMetadata = chunk.providerMetadata;
          const summary = view.node.querySelector("summary");
          if (summary) summary.textContent = "Reasoning";
          view.node.open = false;
          break;
        }
        case "text-start": {
          const node = element("div", "text markdown streaming");
          node.dataset.testid = "assistant-text";
          body.append(node);
          const part: Part = { type: "text", text: "", state: "streaming" };
          if (chunk.providerMetadata) part.providerMetadata = chunk.providerMetadata;
          parts.push(part);
          texts.set(chunk.id, { node, part });
          break;
        }
        case "text-delta": {
          const view = texts.get(chunk.id);
          if (!view) break;
          view.part.text = `${view.part.text}${chunk.delta}`;
          view.node.innerHTML = renderMarkdown(String(view.part.text));
          break;
        }
        case "text-end": {
          const view = texts.get(chunk.id);
          if (!view) break;
          view.part.state = "done";
          view.node.classList.remove("streaming");
          break;
        }
        case "tool-input-start":
          toolView(chunk.toolCallId, chunk.toolName);
          break;
        case "tool-input-delta": {
          const view = tools.get(chunk.toolCallId);
          if (view) view.input.textContent += chunk.inputTextDelta;
          break;
        }
        case "tool-input-available": {
          const view = toolView(chunk.toolCallId, chunk.toolName);
          view.input.textContent = pretty(chunk.input);
          Object.assign(view.part, { state: "input-available", input: chunk.input });
          if (chunk.providerMetadata) view.part.callProviderMetadata = chunk.providerMetadata;
          setToolState(view, "input-available", "running…");
          break;
        }
        case "tool-input-error": {
          const view = toolView(chunk.toolCallId, chunk.toolName);
          view.input.textContent = pretty(chunk.input);
          view.output.textContent = chunk.errorText;
          Object.assign(view.part, { state: "output-error", input: chunk.input, errorText: chunk.errorText });
          setToolState(view, "output-error", "invalid input");
          break;
        }
        case "tool-output-available": {
          const view = tools.get(chunk.toolCallId);
          if (!view) break;
          view.output.textContent = pretty(chunk.output);
          Object.assign(view.part, { state: "output-available", output: chunk.output });
          setToolState(view, "output-available", "done");
          break;
        }
        case "tool-output-error": {
          const view = tools.get(chunk.toolCallId);
          if (!view) break;
          view.output.textContent = chunk.errorText;
          Object.assign(view.part, { state: "output-error", errorText: chunk.errorText });
          setToolState(view, "output-error", "failed");
          break;
        }
        case "error":
          failed = true;
          showError(chunk.errorText);
          break;
        default:
          break;
      }
      scrollToEnd();
    };
    /** After Stop: open reasoning is closed, and the reply says it was stopped. */
    const stop = () => {
      for (const view of reasonings.values()) {
        if (view.part.state !== "streaming") continue;
        view.part.state = "done";
        const summary = view.node.querySelector("summary");
        if (summary) summary.textContent = "Reasoning (stopped)";
        view.node.open = false;
      }
      for (const view of texts.values()) view.part.state = "done";
      const note = element("div", "stopped", "Stopped");
      note.dataset.testid = "stopped";
      body.append(note);
    };
    /** After the stream: tool calls still waiting for a result will not get one. */
    const settle = () => {
      for (const view of tools.values()) {
        const state = view.node.dataset.state;
        if (state === "input-streaming" || state === "input-available")
          setToolState(view, "interrupted", "no result");
      }
    };
    return { handle, showError, stop, settle, failed: () => failed };
  };

  /** Splits the SSE body into events and hands each `data:` JSON chunk to `onChunk`. */
  const readUIMessageStream = async (response: Response, onChunk: (chunk: UIMessageChunk) => void) => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const dispatch = (event: string) => {
      const data = event
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data && data !== "[DONE]") onChunk(JSON.parse(data) as UIMessageChunk);
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let boundary = buffer.indexOf("\n\n");
      while (boundary !== -1) {
        dispatch(buffer.slice(0, boundary));
        buffer = buffer.slice(boundary + 2);
        boundary = buffer.indexOf("\n\n");
      }
    }
    if (buffer.trim()) dispatch(buffer);
  };

  const setBusy = (busy: boolean) => {
    sendButton.disabled = busy;
    stopButton.hidden = !busy;
    document.body.dataset.busy = String(busy);
  };

  const send = async (text: string) => {
    const userMessage: Message = { id: newId(), role: "user", parts: [{ type: "text", text }] };
    messages.push(userMessage);
    addMessageElement("user").body.append(element("div", "text", text));

    const assistant: Message = { id: newId(), role: "assistant", parts: [] };
    const { item, body } = addMessageElement("assistant");
    item.dataset.status = "streaming";
    const view = createAssistantView(body, assistant.parts);
    scrollToEnd();
    setBusy(true);
    controller = new AbortController();
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages }),
        signal: controller.signal,
      });
      if (!response.ok) {
        const failure = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(failure.error ?? `HTTP ${response.status}`);
      }
      let finished = false;
      await readUIMessageStream(response, (chunk) => {
        if (chunk.type === "start" && chunk.messageId) assistant.id = chunk.messageId;
        if (chunk.type === "finish" || chunk.type === "abort") finished = true;
        view.handle(chunk);
      });
      // an error chunk already said what went wrong; a stream that just ends gets its own message
      if (view.failed()) item.dataset.status = "error";
      else if (!finished) throw new Error("The response ended before the model finished.");
      else item.dataset.status = "done";
    } catch (error) {
      const aborted = error instanceof DOMException && error.name === "AbortError";
      item.dataset.status = aborted ? "stopped" : "error";
      if (aborted) view.stop();
      else view.showError(error instanceof Error ? error.message : String(error));
    } finally {
      view.settle();
      for (const node of body.querySelectorAll(".streaming")) node.classList.remove("streaming");
      if (assistant.parts.length > 0) messages.push(assistant);
      controller = undefined;
      setBusy(false);
      scrollToEnd();
      input.focus();
    }
  };

  chatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || controller) return;
    input.value = "";
    void send(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });
  stopButton.addEventListener("click", () => controller?.abort());

  imageForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const prompt = imageInput.value.trim();
    if (!prompt) return;
    imageButton.disabled = true;
    imageStatus.textContent = "Generating…";
    imageStatus.className = "status";
    try {
      const response = await fetch("/api/image", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt }),
      });
      const result = (await response.json()) as {
        mediaType?: string;
        base64?: string;
        warnings?: string[];
        error?: string;
      };
      if (!response.ok || !result.base64) throw new Error(result.error ?? `HTTP ${response.status}`);
      imageResult.src = `data:${result.mediaType ?? "image/png"};base64,${result.base64}`;
      imageResult.alt = prompt;
      imageResult.hidden = false;
      imageStatus.textContent = result.warnings?.length ? `Warnings: ${result.warnings.join("; ")}` : "";
    } catch (error) {
      imageStatus.textContent = error instanceof Error ? error.message : String(error);
      imageStatus.className = "status error";
    } finally {
      imageButton.disabled = false;
    }
  });

  input.focus();
}
