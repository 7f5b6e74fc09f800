// The notification sounds, synthesised with Web Audio (no files to fetch): four short ones an
// agent chooses between in Settings › Notifications, played at their volume.
//
// Browsers start an AudioContext suspended until the page has had a user gesture, and a sound
// played on a suspended one is silent. So alerts.ts calls unlock() on each click or key press
// until the context runs (or at once when the page had a gesture already).

let audio: AudioContext | null = null;

/** What tests read (window.switchboardAlerts, set up by alerts.ts): how many sounds were played
 *  and the last one's name. */
export const probe = { beeps: 0, lastSound: "" };

/** The audio context's state: "none" before it exists. */
export function audioState(): string {
  return audio?.state ?? "none";
}

/** Makes (or resumes) the audio context; call it from a user gesture. */
export function unlock() {
  if (audio?.state === "running") return;
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // no audio output: nothing to do
  }
}

type Tone = { freq: number; to?: number; at: number; dur: number; gain: number; type?: OscillatorType };

// Each sound is a few tones: frequency (sliding to `to`), start, length and loudness.
const shapes: Record<string, Tone[]> = {
  // Two rising notes, soft.
  chime: [
    { freq: 660, at: 0, dur: 0.35, gain: 0.8 },
    { freq: 990, at: 0.14, dur: 0.5, gain: 0.7 },
  ],
  // One short high note.
  ping: [{ freq: 1320, at: 0, dur: 0.22, gain: 0.7 }],
  // A struck bell: a note and its inharmonic partials, ringing out.
  bell: [
    { freq: 784, at: 0, dur: 1.2, gain: 0.7 },
    { freq: 784 * 2.76, at: 0, dur: 0.6, gain: 0.2 },
    { freq: 784 * 5.4, at: 0, dur: 0.3, gain: 0.1 },
  ],
  // A quick upward blip.
  pop: [{ freq: 380, to: 900, at: 0, dur: 0.09, gain: 0.9, type: "triangle" }],
};

/** Plays a sound at a volume from 0 to 100 (counted in probe once played). */
export function play(name: string, volume: number) {
  const tones = shapes[name] ?? shapes.chime!;
  if (volume <= 0) return;
  // Before the page's first gesture a new context could not start (and browsers warn): the
  // sound is skipped, and unlock() makes the context at the first click or key press.
  if (!audio && (navigator as any).userActivation?.hasBeenActive === false) return;
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const level = 0.35 * (Math.min(100, volume) / 100) ** 2; // loudness grows faster than the slider
    const t0 = audio.currentTime + 0.01;
    for (const tone of tones) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tone.type ?? "sine";
      osc.frequency.setValueAtTime(tone.freq, t0 + tone.at);
      if (tone.to) osc.frequency.exponentialRampToValueAtTime(tone.to, t0 + tone.at + tone.dur);
      gain.gain.setValueAtTime(0.0001, t0 + tone.at);
      gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, level * tone.gain), t0 + tone.at + 0.012);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.at + tone.dur);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + tone.at);
      osc.stop(t0 + tone.at + tone.dur + 0.05);
    }
    probe.beeps++;
    probe.lastSound = name;
  } catch {
    // no audio output: nothing to do
  }
}
