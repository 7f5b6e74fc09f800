import { render } from "preact";
import { App } from "./app";
import { applyTheme, theme } from "./theme";
import "./styles.css";

applyTheme(theme.value);
render(<App />, document.getElementById("app")!);
