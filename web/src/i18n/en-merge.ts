// English texts of contact merges on the contact panel: possible duplicates, the merge
// preview, and the merge history with its undo.
export const mergeTexts = {
  "merge.duplicates": "Possible duplicates",
  "merge.reason.same_phone": "Same phone number",
  "merge.reason.same_email": "Same email address",
  "merge.reason.visitor_email": "A web visitor typed this email",
  "merge.reason.name_and_handle": "Same name and a similar handle",
  "merge.confidence": "{percent}% sure",
  "merge.open": "Merge…",
  "merge.title": "Merge {other} into {name}",
  "merge.intro": "{name} keeps its values; {other}'s fill the empty ones. Labels and attributes are united. You can undo the merge afterwards.",
  "merge.fromOther": "from {other}",
  "merge.identitiesMove": "Addresses that move",
  "merge.conversationsMove": "Conversations that move: {count}",
  "merge.confirm": "Confirm merge",
  "merge.history": "Merges",
  "merge.merged": "{other} merged by {actor}, {date}",
  "merge.undone": "undone",
  "merge.activityMerged": "{who} merged the contact {other} into this one",
  "merge.activityUnmerged": "{who} undid the merge of {other}",
  "merge.undo": "Undo merge",
} as const;
