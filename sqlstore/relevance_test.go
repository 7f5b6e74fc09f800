package sqlstore

import "testing"

func TestRelevance(t *testing.T) {
	refund := searchTerms("refund")
	often := relevance("Refund, refund, refund: where is my refund?", refund)
	once := relevance("I wrote last week about the order and the invoice, and I would like a refund for the damaged parcel please", refund)
	if !(often > once && once > 0) {
		t.Errorf("three mentions in a short message scored %v, one in a long one %v", often, once)
	}
	if s := relevance("nothing to see", refund); s != 0 {
		t.Errorf("a text without the word scored %v", s)
	}
	if s := relevance("refunded already", searchTerms("refund")); s == 0 {
		t.Error("the last term did not match as a prefix")
	}
	if s := relevance("refund already", searchTerms("refund please")); s == 0 {
		t.Error("a text with one of two terms scored nothing")
	} else if both := relevance("refund, please", searchTerms("refund please")); both <= s {
		t.Errorf("both terms scored %v, one %v", both, s)
	}
	order := searchTerms("ORD-150000")
	if relevance("about order ORD-150000: late", order) == 0 || relevance("ord 150001 and 150000 ord", order) != 0 {
		t.Error("a token of several words must match as a phrase")
	}
}
