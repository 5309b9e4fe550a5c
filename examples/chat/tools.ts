/** The demo's tools. */
import { tool } from "ai";
import { z } from "zod";

const CONDITIONS = ["Sunny", "Partly cloudy", "Cloudy", "Light rain", "Windy", "Foggy"] as const;

/** What `getWeather` returns. */
export interface Weather {
  city: string;
  temperatureC: number;
  condition: string;
}

/** Deterministic weather, so the demo and its tests do not depend on a live weather service. */
export function weatherFor(city: string): Weather {
  let hash = 0;
  for (const char of city.trim().toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { city, temperatureC: 8 + (hash % 20), condition: CONDITIONS[hash % CONDITIONS.length] };
}

/** Tools offered to the chat model. */
export const tools = {
  getWeather: tool({
    description: "Get the current weather for a city.",
    inputSchema: z.object({ city: z.string().describe("City name, e.g. London") }),
    execute: async ({ city }) => weatherFor(city),
  }),
};
