// English texts of identity linking: the review queue of possible duplicates, "not the same
// person", and the automatic actor that links a person's addresses.
export const reviewTexts = {
  "review.title": "Possible duplicates",
  "review.intro": "Contacts that look like one person: the same phone number or email, or an email a web visitor typed. Merge them, or say they are not the same person and they will not be suggested again.",
  "review.back": "Address book",
  "review.shared": "What the two share",
  "review.dismiss": "Not the same person",
  "review.empty": "No possible duplicates.",
  "review.noneYet": "None found so far: load more to look further.",
  "review.more": "Load more",
  "automation.identity_linking": "Identity linking",
};
