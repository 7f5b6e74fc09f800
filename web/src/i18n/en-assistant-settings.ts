// English texts of Settings › AI assistant, which come with its chunk (see addEnglish): the
// provider, the endpoint, the budget, redaction, the features, the translation engine, the test
// and the endpoint's health.
export const assistantSettingsTexts = {
  "assistant.intro":
    "The assistant reads customers' messages and helps your team answer them. Everything it writes is marked as the assistant's and says which provider made it; nothing reaches a customer unless an agent sends it.",
  "assistant.providerTitle": "Provider",
  "assistant.provider.offline": "Built-in, offline",
  "assistant.provider.offlineHint":
    "Runs inside Switchboard: nothing a customer writes leaves the server. Language, sentiment, urgency, references, labels learned from your team's labelling, summaries and replies from past answers. It does not rewrite drafts.",
  "assistant.provider.openai": "OpenAI-compatible endpoint",
  "assistant.provider.openaiHint":
    "OpenAI, Azure OpenAI, Mistral, or a model you run yourself with Ollama or vLLM. Customers' text is sent to it.",
  "assistant.baseURL": "Base URL",
  "assistant.baseURLHint": "The address the API's paths follow, like https://api.openai.com/v1.",
  "assistant.ollama":
    "Ollama on the server's machine: http://localhost:11434/v1, a model you pulled (like llama3.1) and no key. Switchboard refuses local and private addresses unless the server runs with SWITCHBOARD_ALLOW_PRIVATE_HOSTS set to localhost:11434.",
  "assistant.apiKey": "API key",
  "assistant.keySet": "A key is set. Type a new one to replace it.",
  "assistant.keyNotSet": "No key. Leave empty for an endpoint that needs none.",
  "assistant.removeKey": "Remove the key",
  "assistant.model": "Model",
  "assistant.modelHint": "Like gpt-4o-mini, mistral-small-latest or llama3.1.",
  "assistant.embeddingModel": "Embedding model",
  "assistant.embeddingModelHint":
    "Picks by meaning, not only by shared words, the past answers a suggested reply draws on (e.g. text-embedding-3-small). Leave empty to use the built-in search.",
  "assistant.budget": "Daily token budget",
  "assistant.budgetHint":
    "The most tokens the endpoint may spend per day (UTC). Past it, the built-in assistant takes over until the next day. 0 sets no limit.",
  "assistant.redact": "Redact personal data before sending",
  "assistant.redactHint":
    "Emails, phone numbers, card numbers and IBANs are replaced by numbered placeholders ([email1], [phone1], [card1], [iban1]) in everything sent to the endpoint, and put back into what you see: emails and phone numbers always, card numbers and IBANs only from your own draft. The model cannot read them; the references in the analysis still come from the built-in patterns.",
  "assistant.featuresTitle": "Features",
  "assistant.featuresHint": "Each is off until you turn it on. An inbox's settings may keep one away from that inbox.",
  "assistant.analysis": "Analyse incoming messages",
  "assistant.analysisHint":
    "Each customer turn gets a private note: language, sentiment, urgency, suggested labels, the order, invoice or tracking numbers it mentions, and recommended actions. Rules and list filters can use them.",
  "assistant.copilot": "Copilot in the composer",
  "assistant.copilotHint":
    "Agents can ask for a summary and a suggested reply (and, with an endpoint, a rewrite of their draft). The agent always edits and sends.",
  "assistant.translation": "Translation",
  "assistant.translationHint":
    "Messages in another language than the agent's show translated, with a toggle to the original; agents may write in theirs and send in the customer's.",
  "assistant.engine": "Translation engine",
  "assistant.engine.assistant": "The assistant's endpoint",
  "assistant.engine.assistantHint": "Translates with the OpenAI-compatible endpoint above; the built-in assistant does not translate.",
  "assistant.engine.libretranslate": "LibreTranslate",
  "assistant.engine.apertium": "Apertium, installed on the server",
  "assistant.apertiumPairs": "Installed pairs: {pairs}. Other pairs go through Spanish when both halves are installed.",
  "assistant.ltURL": "LibreTranslate URL",
  "assistant.ltURLHint": "Your LibreTranslate server, like https://translate.example.com.",
  "assistant.ltKey": "LibreTranslate API key",
  "assistant.test": "Test connection",
  "assistant.testHint": "One small call with the saved settings.",
  "assistant.testOK": "It answered: {provider} works.",
  "assistant.testFailed": "It failed: {error}",
  "assistant.healthTitle": "Health",
  "assistant.tokensToday": "Tokens spent today: {n}",
  "assistant.tokensOf": "Tokens spent today: {n} of {budget}",
  "assistant.lastSuccess": "Last answer: {time}.",
  "assistant.lastError": "Last error, {time}:",
  "assistant.noCalls": "No call to the endpoint yet.",
  "assistant.saved": "Saved.",
} as const;
