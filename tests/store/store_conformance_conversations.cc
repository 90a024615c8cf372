// Conformance: conversations (isolation, search, paging, cascading delete)
// and attachments.
#include <gmock/gmock.h>

#include <set>

#include "store/store_conformance.h"

namespace scry::store::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Ids(const std::vector<Conversation>& conversations) {
  std::vector<std::string> ids;
  ids.reserve(conversations.size());
  for (const Conversation& conversation : conversations) ids.push_back(conversation.id);
  return ids;
}

ConversationQuery Query(int64_t user_id, const std::string& space_id = "",
                        const std::string& search = "", int page_size = 50,
                        const std::string& page_token = "") {
  ConversationQuery query;
  query.user_id = user_id;
  query.space_id = space_id;
  query.search = search;
  query.page_size = page_size;
  query.page_token = page_token;
  return query;
}

// Every conversation of the listing, following next_page_token to the end.
std::vector<std::string> ListAll(Store& store, ConversationQuery query, int* pages) {
  std::vector<std::string> ids;
  *pages = 0;
  while (true) {
    StatusOr<Page<Conversation>> page = store.ListConversations(query);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || ++*pages > 100) break;
    EXPECT_LE(static_cast<int>(page->items.size()), query.page_size);
    for (const std::string& id : Ids(page->items)) ids.push_back(id);
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  return ids;
}

Attachment MakeAttachment(int64_t user_id, const std::string& conversation_id,
                          const std::string& id, int64_t created_ms) {
  Attachment attachment;
  attachment.id = id;
  attachment.conversation_id = conversation_id;
  attachment.user_id = user_id;
  attachment.file_name = id + ".csv";
  attachment.format = "csv";
  attachment.table_name = "upload_" + id;
  attachment.storage_path = "/var/lib/scry/uploads/" + id + ".parquet";
  attachment.size_bytes = 2048;
  attachment.row_count = 17;
  attachment.columns_json = R"([{"name":"a","type":"BIGINT"}])";
  attachment.created_ms = created_ms;
  return attachment;
}

TEST_P(StoreConformanceTest, CreateAndGetConversationCountsMessages) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1", "Orders by month", 1000, "sales");
  StatusOr<Conversation> read = store().GetConversation(ann.id, "c1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, "c1");
  EXPECT_EQ(read->space_id, "sales");
  EXPECT_EQ(read->user_id, ann.id);
  EXPECT_EQ(read->title, "Orders by month");
  EXPECT_EQ(read->created_ms, 1000);
  EXPECT_EQ(read->updated_ms, 1000);
  EXPECT_EQ(read->message_count, 0);
  AddQuestion(ann.id, "c1", "m1");
  AddQuestion(ann.id, "c1", "m2");
  EXPECT_EQ(store().GetConversation(ann.id, "c1")->message_count, 2);
  EXPECT_EQ(store().ListConversations(Query(ann.id))->items.at(0).message_count, 2);
}

TEST_P(StoreConformanceTest, ConversationErrors) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  Conversation duplicate{"c1", "sales", ann.id, "again", 5, 5, 0};
  EXPECT_EQ(store().CreateConversation(duplicate).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store().GetConversation(ann.id, "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().RenameConversation(ann.id, "nope", "t", 5).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteConversation(ann.id, "nope").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().ListMessages(ann.id, "nope").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, AnotherUsersConversationIsNotFoundEverywhere) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AddConversation(ann.id, "secret", "Salaries by person", 1000);
  const Message question = AddQuestion(ann.id, "secret", "m1", "salary of the ceo");
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "secret", "a1", 1100)).ok());

  EXPECT_EQ(store().GetConversation(bob.id, "secret").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(store().ListConversations(Query(bob.id))->items, IsEmpty());
  EXPECT_THAT(store().ListConversations(Query(bob.id, "", "salar"))->items, IsEmpty());
  EXPECT_EQ(store().RenameConversation(bob.id, "secret", "mine now", 2000).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteConversation(bob.id, "secret").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().ListMessages(bob.id, "secret").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().ListMessagesPage(bob.id, "secret", 10, "").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store().GetMessage(bob.id, "secret", "m1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteMessage(bob.id, "secret", "m1").code(), StatusCode::kNotFound);
  Message intruder = question;
  intruder.id = "m-bob";
  intruder.user_id = bob.id;
  EXPECT_EQ(store().AddMessage(intruder).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().AddAttachment(MakeAttachment(bob.id, "secret", "a2", 1200)).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store().ListAttachments(bob.id, "secret").status().code(), StatusCode::kNotFound);

  // Nothing of Ann's changed.
  StatusOr<Conversation> mine = store().GetConversation(ann.id, "secret");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->title, "Salaries by person");
  EXPECT_EQ(mine->message_count, 1);
  EXPECT_EQ(store().ListAttachments(ann.id, "secret")->size(), 1u);
  EXPECT_EQ(store().ListConversations(Query(ann.id, "", "salar", 50, ""))->items.size(), 1u);
}

TEST_P(StoreConformanceTest, ListConversationsNewestFirstFilteredBySpace) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "old", "t", 1000, "sales");
  AddConversation(ann.id, "new", "t", 3000, "sales");
  AddConversation(ann.id, "mid", "t", 2000, "hr");
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id))->items),
              ElementsAre("new", "mid", "old"));
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id, "sales"))->items),
              ElementsAre("new", "old"));
  EXPECT_THAT(store().ListConversations(Query(ann.id, "nowhere"))->items, IsEmpty());
  EXPECT_TRUE(store().ListConversations(Query(ann.id))->next_page_token.empty());

  // A new message moves its conversation to the top.
  AddQuestion(ann.id, "old", "m1", "q", 5000);
  EXPECT_EQ(store().GetConversation(ann.id, "old")->updated_ms, 5000);
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id))->items),
              ElementsAre("old", "new", "mid"));
}

TEST_P(StoreConformanceTest, PagesThroughConversationsWithTiesInTime) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  std::vector<std::string> expected;
  // Eight conversations, pairs sharing an updated_ms, so the cursor must
  // break ties; Bob's conversations are interleaved and must never show.
  for (int i = 7; i >= 0; --i) {
    const std::string id = Numbered("c", i);
    AddConversation(ann.id, id, "t", 1000 + (i / 2) * 10);
    AddConversation(bob.id, "bob-" + id, "t", 1000 + (i / 2) * 10);
  }
  int pages = 0;
  const std::vector<std::string> all = ListAll(store(), Query(ann.id, "", "", 3, ""), &pages);
  EXPECT_THAT(all, ElementsAre("c7", "c6", "c5", "c4", "c3", "c2", "c1", "c0"));
  EXPECT_EQ(pages, 3);
  // A page size that divides the total ends with an empty next token.
  EXPECT_EQ(ListAll(store(), Query(ann.id, "", "", 4, ""), &pages).size(), 8u);
  EXPECT_EQ(pages, 2);
}

TEST_P(StoreConformanceTest, PagesThroughSearchResults) {
  const User ann = AddUser("ann@example.com");
  for (int i = 0; i < 12; ++i) {
    const std::string id = Numbered("c", 10 + i);
    const bool in_title = i % 3 == 0;
    AddConversation(ann.id, id, in_title ? "Revenue by region" : "Something else", 1000 + i);
    AddQuestion(ann.id, id, "m" + id, i % 3 == 1 ? "what is the REVENUE trend" : "count orders",
                900);
  }
  int pages = 0;
  const std::vector<std::string> found =
      ListAll(store(), Query(ann.id, "", "revenue", 2, ""), &pages);
  // i % 3 == 0 by title, i % 3 == 1 by question: 8 of 12, newest first.
  EXPECT_THAT(found, ElementsAre("c20", "c19", "c17", "c16", "c14", "c13", "c11", "c10"));
  EXPECT_EQ(pages, 4);
}

TEST_P(StoreConformanceTest, SearchIsCaseInsensitiveOnTitlesAndQuestions) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "by-title", "Top Customers", 1000);
  AddConversation(ann.id, "by-question", "untitled", 2000);
  AddQuestion(ann.id, "by-question", "m1", "list the CUSTOMERS in France");
  AddConversation(ann.id, "neither", "orders", 3000);
  AddQuestion(ann.id, "neither", "m2", "orders per day");
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id, "", "customers"))->items),
              ElementsAre("by-question", "by-title"));
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id, "", "TOP cust"))->items),
              ElementsAre("by-title"));
  EXPECT_THAT(store().ListConversations(Query(ann.id, "", "nothing like it"))->items, IsEmpty());
}

TEST_P(StoreConformanceTest, SearchTreatsWildcardsQuotesAndSqlAsPlainText) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "percent", "100% sure", 1000);
  AddConversation(ann.id, "hundred", "100 sure", 1001);
  AddConversation(ann.id, "underscore", "a_b", 1002);
  AddConversation(ann.id, "axb", "axb", 1003);
  AddConversation(ann.id, "quote", "it's \"quoted\"", 1004);
  AddConversation(ann.id, "backslash", "C:\\data", 1005);
  auto search = [&](const std::string& text) {
    StatusOr<Page<Conversation>> page = store().ListConversations(Query(ann.id, "", text));
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? Ids(page->items) : std::vector<std::string>{"error"};
  };
  EXPECT_THAT(search("%"), ElementsAre("percent"));
  EXPECT_THAT(search("0%"), ElementsAre("percent"));
  EXPECT_THAT(search("_"), ElementsAre("underscore"));
  EXPECT_THAT(search("a_b"), ElementsAre("underscore"));
  EXPECT_THAT(search("'"), ElementsAre("quote"));
  EXPECT_THAT(search("\"quoted\""), ElementsAre("quote"));
  EXPECT_THAT(search("\\"), ElementsAre("backslash"));
  EXPECT_THAT(search("C:\\d"), ElementsAre("backslash"));
  EXPECT_THAT(search("' OR '1'='1"), IsEmpty());
  EXPECT_THAT(search("%' OR 1=1 --"), IsEmpty());
  EXPECT_THAT(search("x'); DROP TABLE conversations; --"), IsEmpty());
  EXPECT_EQ(store().ListConversations(Query(ann.id))->items.size(), 6u);
}

TEST_P(StoreConformanceTest, MalformedPageTokensAndSizesAreInvalidArguments) {
  const User ann = AddUser("ann@example.com");
  for (int i = 0; i < 3; ++i) AddConversation(ann.id, Numbered("c", i), "t", 1000 + i);
  AddQuestion(ann.id, "c0", "m1");
  AddQuestion(ann.id, "c0", "m2");
  for (const std::string token : {"garbage", "zz", "%%%", "' OR 1=1 --", "abc"}) {
    EXPECT_EQ(store().ListConversations(Query(ann.id, "", "", 1, token)).status().code(),
              StatusCode::kInvalidArgument)
        << token;
    EXPECT_EQ(store().ListMessagesPage(ann.id, "c0", 1, token).status().code(),
              StatusCode::kInvalidArgument)
        << token;
  }
  // A real token of one listing is no token for the other.
  StatusOr<Page<Message>> messages = store().ListMessagesPage(ann.id, "c0", 1, "");
  StatusOr<Page<Conversation>> conversations = store().ListConversations(Query(ann.id, "", "", 1));
  ASSERT_TRUE(messages.ok() && conversations.ok());
  ASSERT_FALSE(messages->next_page_token.empty());
  ASSERT_FALSE(conversations->next_page_token.empty());
  EXPECT_EQ(store()
                .ListConversations(Query(ann.id, "", "", 1, messages->next_page_token))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store().ListMessagesPage(ann.id, "c0", 1, conversations->next_page_token).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(store().ListConversations(Query(ann.id, "", "", 0, "")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().ListConversations(Query(ann.id, "", "", 1001, "")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().ListMessagesPage(ann.id, "c0", 0, "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(store().ListConversations(Query(ann.id, "", "", 1000, "")).ok());
}

TEST_P(StoreConformanceTest, RenameChangesTitleAndTime) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1", "first title", 1000);
  ASSERT_TRUE(store().RenameConversation(ann.id, "c1", "Better title", 4000).ok());
  StatusOr<Conversation> read = store().GetConversation(ann.id, "c1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->title, "Better title");
  EXPECT_EQ(read->updated_ms, 4000);
  EXPECT_EQ(read->created_ms, 1000);
}

TEST_P(StoreConformanceTest, DeleteConversationTakesEverythingOfItsOwn) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "doomed", "t", 1000);
  AddConversation(ann.id, "kept", "t", 1000);
  const Message answered = AddQuestion(ann.id, "doomed", "m1");
  AddQuestion(ann.id, "doomed", "m2");  // Left unfinished.
  AddQuestion(ann.id, "kept", "k1");
  Message finished = answered;
  finished.status = MessageStatus::kCompleted;
  finished.answer_json = R"({"summary":"42"})";
  const StoredResult result{"m1", "[]", "[[42]]", 1, 1, false};
  ASSERT_TRUE(store().FinishMessage(finished, &result).ok());
  ASSERT_TRUE(store().PutFeedback({"m1", ann.id, Rating::kUp, "good", 3000}).ok());
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "doomed", "a1", 1100)).ok());

  ASSERT_TRUE(store().DeleteConversation(ann.id, "doomed").ok());
  EXPECT_EQ(store().GetConversation(ann.id, "doomed").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetResult("m1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetFeedback("m1", ann.id).status().code(), StatusCode::kNotFound);
  std::set<std::string> unfinished;
  StatusOr<std::vector<Message>> left = store().ListUnfinishedMessages();
  ASSERT_TRUE(left.ok()) << left.status();
  for (const Message& message : *left) unfinished.insert(message.id);
  EXPECT_THAT(unfinished, UnorderedElementsAre("k1"));
  EXPECT_THAT(Ids(store().ListConversations(Query(ann.id))->items), ElementsAre("kept"));

  // The ids are free again, and nothing old comes back with them.
  AddConversation(ann.id, "doomed", "reborn", 5000);
  EXPECT_THAT(*store().ListMessages(ann.id, "doomed"), IsEmpty());
  EXPECT_THAT(*store().ListAttachments(ann.id, "doomed"), IsEmpty());
  const Message again = AddQuestion(ann.id, "doomed", "m1");
  EXPECT_EQ(again.seq, 1);
  EXPECT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "doomed", "a1", 5100)).ok());
  EXPECT_EQ(store().ListMessages(ann.id, "kept")->size(), 1u);
}

TEST_P(StoreConformanceTest, AttachmentsAreAddedAndListedInOrder) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  AddConversation(ann.id, "c2");
  EXPECT_THAT(*store().ListAttachments(ann.id, "c1"), IsEmpty());
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c1", "late", 2000)).ok());
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c1", "early", 1000)).ok());
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c2", "other", 1500)).ok());
  EXPECT_EQ(store().AddAttachment(MakeAttachment(ann.id, "c1", "early", 3000)).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store().AddAttachment(MakeAttachment(ann.id, "missing", "x", 3000)).code(),
            StatusCode::kNotFound);

  StatusOr<std::vector<Attachment>> listed = store().ListAttachments(ann.id, "c1");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  const Attachment& first = (*listed)[0];
  const Attachment expected = MakeAttachment(ann.id, "c1", "early", 1000);
  EXPECT_EQ(first.id, "early");
  EXPECT_EQ(first.conversation_id, "c1");
  EXPECT_EQ(first.user_id, ann.id);
  EXPECT_EQ(first.file_name, expected.file_name);
  EXPECT_EQ(first.format, "csv");
  EXPECT_EQ(first.table_name, expected.table_name);
  EXPECT_EQ(first.storage_path, expected.storage_path);
  EXPECT_EQ(first.size_bytes, 2048);
  EXPECT_EQ(first.row_count, 17);
  EXPECT_EQ(first.columns_json, expected.columns_json);
  EXPECT_EQ(first.created_ms, 1000);
  EXPECT_EQ((*listed)[1].id, "late");
}

TEST_P(StoreConformanceTest, AttachmentIsDeletedOnlyByItsOwnerInItsConversation) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AddConversation(ann.id, "c1");
  AddConversation(ann.id, "c2");
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c1", "a1", 1000)).ok());
  ASSERT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c1", "a2", 2000)).ok());

  EXPECT_EQ(store().DeleteAttachment(bob.id, "c1", "a1").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteAttachment(ann.id, "c2", "a1").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteAttachment(ann.id, "c1", "missing").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().ListAttachments(ann.id, "c1")->size(), 2u);

  ASSERT_TRUE(store().DeleteAttachment(ann.id, "c1", "a1").ok());
  StatusOr<std::vector<Attachment>> listed = store().ListAttachments(ann.id, "c1");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, "a2");
  EXPECT_EQ(store().DeleteAttachment(ann.id, "c1", "a1").code(), StatusCode::kNotFound);
  // The id is free again.
  EXPECT_TRUE(store().AddAttachment(MakeAttachment(ann.id, "c1", "a1", 3000)).ok());
}

}  // namespace
}  // namespace scry::store::conformance
