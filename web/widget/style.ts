// The widget's styles, inside its shadow root: nothing of the page's CSS reaches them, and
// :host resets what would be inherited.
export const css = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;padding:0}
[hidden]{display:none!important}
.launcher{--sb-color:#1f6feb;position:fixed;bottom:20px;right:20px;display:none;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 16px;
 border:0;border-radius:28px;background:var(--sb-color);color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25)}
:host([data-position=left]) .launcher,:host([data-position=left]) .panel{right:auto;left:20px}
.launcher.shown{display:flex}
.launcher svg{width:24px;height:24px;fill:#fff}
.launcher .lt{color:#fff;font-weight:600}.launcher .lt:empty{display:none}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#d1242f;color:#fff;font-size:12px;text-align:center;line-height:20px}
.panel{position:fixed;bottom:88px;right:20px;width:370px;height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;
 border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);overflow:hidden}
.head{display:flex;align-items:center;gap:8px;padding:14px 16px;background:var(--sb-color);color:#fff}
.head *{color:#fff}.head h2{flex:1;font-size:16px;font-weight:600}.head small{display:block;font-size:12px;opacity:.85}
.head button{background:none;border:0;cursor:pointer;font-size:20px;line-height:1;padding:4px 8px}
.body{flex:1;overflow-y:auto;padding:12px 16px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}
.greet{align-self:flex-start;background:#fff;border-radius:12px;padding:8px 12px;max-width:85%}
.conv{display:block;width:100%;text-align:left;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;cursor:pointer}
.conv b{font-weight:600}
.msg{max-width:85%;display:flex;flex-direction:column;gap:2px}
.msg.in{align-self:flex-end;align-items:flex-end}.msg.out{align-self:flex-start}
.bubble{border-radius:12px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff}
.msg.in .bubble{background:var(--sb-color);color:#fff}.msg.in .bubble *{color:#fff}
.who{display:flex;align-items:center;gap:6px;font-size:12px;color:#57606a}
.who img{width:20px;height:20px;border-radius:50%}
.meta{font-size:11px;color:#57606a}
.bubble img{max-width:220px;max-height:220px;border-radius:8px;display:block}
.bubble a{text-decoration:underline}
.typing{font-size:12px;color:#57606a;padding:0 16px 4px}
.compose{display:flex;align-items:flex-end;gap:4px;padding:8px;border-top:1px solid #d0d7de;background:#fff}
.compose textarea{flex:1;resize:none;border:1px solid #d0d7de;border-radius:8px;padding:8px;max-height:120px;min-height:38px}
.compose button{background:none;border:0;cursor:pointer;font-size:18px;padding:6px}
.compose .send{color:var(--sb-color);font-weight:600;font-size:14px}
.emojis{display:flex;flex-wrap:wrap;gap:2px;padding:4px 8px;background:#fff;border-top:1px solid #d0d7de}
.emojis button{background:none;border:0;cursor:pointer;font-size:20px;padding:2px}
.err{color:#d1242f;font-size:12px;padding:0 12px 6px}
.new{margin-top:8px;align-self:center;background:var(--sb-color);color:#fff;border:0;border-radius:16px;padding:6px 14px;cursor:pointer}
.off{background:#fff8c5}
.card{display:flex;flex-direction:column;gap:8px;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px}
.card label{display:flex;flex-direction:column;gap:2px;font-size:12px;color:#57606a}
.card input,.card textarea{border:1px solid #d0d7de;border-radius:6px;padding:6px 8px}
.card .consent{flex-direction:row;flex-wrap:wrap;align-items:center;gap:6px}
.ferr{color:#d1242f;font-size:12px}.ferr:empty{display:none}
.go,.qr button{align-self:flex-start;background:var(--sb-color);color:#fff;border:0;border-radius:16px;padding:6px 14px;cursor:pointer}
.qr{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px}.qr button{background:#fff;color:var(--sb-color);border:1px solid var(--sb-color)}
.stars button{background:none;border:0;cursor:pointer;font-size:26px;color:#d0d7de;padding:0 2px}.stars .on{color:#d4a72c}
@media (max-width:600px){.panel{inset:0!important;width:100%!important;height:100%!important;border-radius:0}}
`;
