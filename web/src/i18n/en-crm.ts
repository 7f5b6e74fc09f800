// English texts of the link to the company's CRM: the contact panel's "Open in CRM" link and
// "From your CRM" fields, and Settings › Customer records.
export const crmTexts = {
  "settings.crm": "Customer records",
  "crm.open": "Open in CRM",
  "crm.section": "From your CRM",
  "crm.loading": "Asking your CRM…",
  "crm.failed": "Your CRM could not be asked just now.",
  "crm.retry": "Try again",
  "crm.nothing": "Your CRM has nothing about this contact.",
  "crm.record": "Open the record",
  "crm.fetched": "Fetched {time}",
  "crm.intro":
    "Link each contact to its record in your company's CRM, and show a few fields from it beside the conversation.",
  "crm.linkTitle": "Record link",
  "crm.template": "Link template",
  "crm.templateHint":
    "An http or https address. Placeholders: {id}, {email}, {phone}, {name}, {external_id:api} (any kind of address) and {attributes.plan} (any attribute). A contact with an empty value gets no link.",
  "crm.label": "Link label",
  "crm.labelHint": "Leave empty for “Open in CRM”.",
  "crm.lookupTitle": "Lookup",
  "crm.lookupIntro":
    "When an agent opens a contact, Switchboard sends the contact to this address, signed like webhooks, and shows the fields it answers. Answers are kept for 5 minutes.",
  "crm.lookupURL": "Lookup URL",
  "crm.lookupURLHint": "Leave empty to turn the lookup off.",
  "crm.secret": "Signing secret",
  "crm.secretSet": "A secret is set. Type a new one to replace it.",
  "crm.secretNotSet": "No secret yet: 16 to 200 characters, also known to your CRM.",
  "crm.saved": "Saved.",
  "crm.lastSuccess": "Last lookup answered: {time}.",
  "crm.lastError": "Last failure, {time}:",
  "crm.testTitle": "Test the lookup",
  "crm.testSearch": "Find a contact",
  "crm.testContact": "Contact",
  "crm.test": "Test",
} as const;
