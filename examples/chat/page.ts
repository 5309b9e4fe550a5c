/** The demo's single HTML page: markup, styles and the inline browser script. */
import { chatClient } from "./client";

/** What the page header shows. */
export interface ChatPageInfo {
  /** Which Workers AI backend answers (emulator, binding or REST). */
  backend: string;
  /** Chat model id. */
  chatModel: string;
  /** Image model id. */
  imageModel: string;
  /** `true` when the local emulator answers (its images are placeholders, and the page says so). */
  emulated: boolean;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLES = `
:root {
  --accent: #f6821f; --accent-dark: #c8620c; --bg: #f6f7f9; --panel: #fff; --text: #1d2330;
  --muted: #667085; --border: #e3e6ec; --user: #fff4e8; --code: #f2f4f7;
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; padding: 14px 24px;
  background: var(--panel); border-bottom: 1px solid var(--border); }
header h1 { font-size: 18px; margin: 0; }
header h1 span { color: var(--accent); }
.meta { margin: 0; color: var(--muted); font-size: 13px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.badge { background: #ecfdf3; color: #067647; border: 1px solid #abefc6; border-radius: 999px; padding: 2px 10px; font-weight: 600; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
main { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 20px; padding: 20px 24px;
  max-width: 1200px; width: 100%; margin: 0 auto; }
@media (max-width: 860px) { main { grid-template-columns: 1fr; } }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 12px; padding: 16px; }
.chat { display: flex; flex-direction: column; min-height: 60vh; }
#messages { list-style: none; margin: 0; padding: 0; flex: 1; display: flex; flex-direction: column; gap: 14px; }
.empty { color: var(--muted); margin: auto 0; text-align: center; }
.has-messages .empty { display: none; }
.message { display: flex; flex-direction: column; gap: 6px; max-width: 92%; }
.message.user { align-self: flex-end; }
.message .role { font-size: 12px; font-weight: 600; color: var(--muted); }
.message.user .role { text-align: right; }
.message .body { display: flex; flex-direction: column; gap: 8px; }
.message.user .text { background: var(--user); border: 1px solid #fddcb5; border-radius: 12px 12px 2px 12px; padding: 8px 12px; }
.message.assistant .text { white-space: pre-wrap; line-height: 1.5; }
.text { white-space: pre-wrap; }
.text.streaming::after { content: "▍"; color: var(--accent); animation: blink 1s steps(2) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.reasoning { border-left: 3px solid #d0d5dd; padding: 2px 10px; color: var(--muted); font-size: 13px; }
.reasoning summary { cursor: pointer; font-weight: 600; }
.reasoning-text { white-space: pre-wrap; margin-top: 4px; font-style: italic; }
.tool { border: 1px solid var(--border); border-radius: 10px; background: #fcfcfd; padding: 8px 12px; font-size: 13px; }
.tool-head { display: flex; align-items: center; gap: 8px; font-weight: 600; }
.tool-icon { display: inline-grid; place-items: center; width: 20px; height: 20px; border-radius: 6px;
  background: var(--accent); color: #fff; font-size: 12px; }
.tool-name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.tool-state { margin-left: auto; font-weight: 500; color: var(--muted); font-size: 12px; }
.tool[data-state="output-available"] .tool-state { color: #067647; }
.tool[data-state="output-error"] .tool-state, .error, .status.error { color: #b42318; }
.tool .label { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; margin-top: 6px; }
.tool pre { margin: 2px 0 0; background: var(--code); border-radius: 6px; padding: 6px 8px; white-space: pre-wrap; word-break: break-word; }
.tool pre:empty::before { content: "…"; color: var(--muted); }
.error { background: #fef3f2; border: 1px solid #fecdca; border-radius: 8px; padding: 8px 12px; font-size: 13px; }
form { display: flex; gap: 8px; margin-top: 16px; }
textarea, input { flex: 1; font: inherit; padding: 10px 12px; border: 1px solid #d0d5dd; border-radius: 10px; resize: vertical; }
textarea:focus, input:focus { outline: 2px solid #fbd0a4; border-color: var(--accent); }
button { font: inherit; font-weight: 600; border: 0; border-radius: 10px; padding: 0 16px; background: var(--accent); color: #fff; cursor: pointer; }
button:hover { background: var(--accent-dark); }
button:disabled { opacity: .5; cursor: default; }
button.secondary { background: #fff; color: var(--text); border: 1px solid #d0d5dd; }
.image h2 { font-size: 15px; margin: 0 0 4px; }
.image form { flex-direction: column; margin-top: 8px; }
.image button { padding: 10px 16px; }
.image img { width: 100%; border-radius: 10px; margin-top: 12px; border: 1px solid var(--border); }
.status { font-size: 13px; color: var(--muted); margin: 8px 0 0; }
.hint { font-size: 12px; color: var(--muted); margin: 0; }
.text { overflow-wrap: anywhere; }
.message.assistant .text.markdown { white-space: normal; }
.markdown p, .markdown ul, .markdown ol { margin: 0 0 8px; }
.markdown > :last-child { margin-bottom: 0; }
.markdown ul, .markdown ol { padding-left: 22px; }
.markdown code { background: var(--code); border-radius: 4px; padding: 1px 4px; }
.markdown pre { background: var(--code); border-radius: 6px; padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.markdown pre code { padding: 0; background: none; }
.stopped { align-self: flex-start; font-size: 12px; font-weight: 600; color: var(--muted); border: 1px solid var(--border);
  border-radius: 999px; padding: 1px 10px; }
.emulated { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
@media (max-width: 520px) {
  header { padding: 12px 14px; }
  main { padding: 12px; gap: 12px; }
  .panel { padding: 12px; }
  .message { max-width: 100%; }
  #chat-form { flex-wrap: wrap; }
  #chat-form textarea { flex-basis: 100%; }
  #chat-form button { flex: 1; padding: 10px 16px; }
}
`;

/** Renders the chat page. */
export function renderChatPage(info: ChatPageInfo): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workers AI chat · workers-ai-provider demo</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body>
<header>
  <h1><span>◆</span> Workers AI chat</h1>
  <p class="meta">
    <span class="badge" data-testid="backend">${escapeHtml(info.backend)}</span>
    <code data-testid="chat-model">${escapeHtml(info.chatModel)}</code>
  </p>
</header>
<main>
  <section class="panel chat">
    <ol id="messages" data-testid="messages" aria-live="polite"></ol>
    <p class="empty">Ask anything, or try “What's the weather in London?” to watch the model call a tool.</p>
    <form id="chat-form">
      <textarea id="prompt" rows="2" placeholder="Message the model (Enter to send, Shift+Enter for a new line)" aria-label="Message" data-testid="chat-input"></textarea>
      <button type="submit" id="send" data-testid="send">Send</button>
      <button type="button" id="stop" class="secondary" hidden>Stop</button>
    </form>
  </section>
  <aside class="panel image">
    <h2>Image generation</h2>
    <p class="hint">with <code>${escapeHtml(info.imageModel)}</code></p>
    <form id="image-form">
      <input id="image-prompt" placeholder="A lighthouse on a cliff at sunrise" aria-label="Image prompt" data-testid="image-input">
      <button type="submit" id="image-send" data-testid="image-send">Generate image</button>
    </form>
    <p id="image-status" class="status" data-testid="image-status"></p>
    <img id="image-result" data-testid="image" alt="" hidden>
    ${info.emulated ? '<p class="emulated" data-testid="image-note">Placeholder image from the local Workers AI emulator: the colours and shapes your prompt names, not a real model\'s picture.</p>' : ""}
  </aside>
</main>
<script type="module">(${chatClient.toString()})();</script>
</body>
</html>`;
}
