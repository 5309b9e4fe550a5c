/**
 * A Miniflare wrapped binding that serves the local Workers AI emulator as `env.AI` inside workerd.
 *
 * Miniflare evaluates this module in the same isolate as the Worker, so streams, abort signals and
 * errors cross between the provider and the emulator exactly as they would with the real binding.
 * The default export is the `AI` binding; `control` hands the emulator itself (script, requests,
 * reset) to test Workers; `aiSearch` serves AI Search instance bindings. All share one emulator
 * per isolate.
 */
import {
  createWorkersAIEmulator,
  type ScriptedReply,
  type WorkersAIEmulator,
  type WorkersAIEmulatorOptions,
} from "../../src/testing/index";

/** Inner bindings Miniflare passes to the wrapper (plain JSON). */
export interface EmulatorBindingEnv {
  /** Options of `createWorkersAIEmulator`. */
  OPTIONS?: WorkersAIEmulatorOptions;
  /** Replies queued up front, e.g. to script the demo conversation in the browser test. */
  SCRIPT?: Array<{ model: string; replies: ScriptedReply[] }>;
  /** Instance name of an AI Search binding. */
  INSTANCE?: string;
}

let emulator: WorkersAIEmulator | undefined;

function sharedEmulator(env: EmulatorBindingEnv): WorkersAIEmulator {
  if (!emulator) {
    emulator = createWorkersAIEmulator(env.OPTIONS ?? {});
    for (const { model, replies } of env.SCRIPT ?? []) emulator.script(model, ...replies);
  }
  return emulator;
}

/**
 * Defers creating the emulator until first use: wrapped bindings are built at global scope, where
 * workerd forbids random values and timers.
 */
function lazy<T extends object>(resolve: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = resolve();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(_target, property, value) {
      return Reflect.set(resolve(), property, value);
    },
    has(_target, property) {
      return Reflect.has(resolve(), property);
    },
  });
}

/** The `env.AI` binding: the emulator's binding surface. */
export default function aiBinding(env: EmulatorBindingEnv): WorkersAIEmulator["binding"] {
  return lazy(() => sharedEmulator(env).binding);
}

/** The emulator itself, for test Workers that script replies or read the request log. */
export function control(env: EmulatorBindingEnv): WorkersAIEmulator {
  return lazy(() => sharedEmulator(env));
}

/** An AI Search instance binding (`env.AI_SEARCH`) for the instance named by `INSTANCE`. */
export function aiSearch(env: EmulatorBindingEnv): ReturnType<WorkersAIEmulator["aiSearch"]> {
  return lazy(() => sharedEmulator(env).aiSearch(env.INSTANCE));
}
