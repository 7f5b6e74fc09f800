import { render } from "preact";
import { App } from "./app";
import { setLanguage } from "./i18n";
import { applyTheme, theme } from "./theme";
import "./styles.css";

applyTheme(theme.value);
// The sign-in screens speak the browser's language; the agent's own applies once signed in.
void setLanguage(undefined).finally(() => render(<App />, document.getElementById("app")!));
