// The admin sections of settings, in the order the navigation lists them.
import type { Section } from "./Settings";

export const sections: Section[] = [];
