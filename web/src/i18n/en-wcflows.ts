// English texts of the web chat's conversation flows in the agents' interface: the consent and
// rating milestones, the rating in the contact panel, a reply's quick replies.
export const wcflowsTexts = {
  "wcflows.consent": "The customer agreed: {text}",
  "wcflows.csat": "The customer rated the conversation {rating}/5",
  "wcflows.csatComment": "The customer rated the conversation {rating}/5: “{comment}”",
  "wcflows.csatTitle": "Rating",
  "wcflows.csatStars": "{rating} out of 5",
  "wcflows.quickReplies": "Quick replies offered",
};
