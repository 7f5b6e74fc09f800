// English texts of the composer's formatting: its toolbar and preview (inbox/Format.tsx).
export const formatTexts = {
  "format.toggle": "Formatting",
  "format.bold": "Bold",
  "format.italic": "Italic",
  "format.strike": "Strikethrough",
  "format.code": "Code",
  "format.link": "Link",
  "format.list": "Bulleted list",
  "format.ordered": "Numbered list",
  "format.quote": "Quote",
  "format.preview": "Preview",
  "format.previewLabel": "How the customer sees it",
};
