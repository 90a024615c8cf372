// Conformance: messages (seq, status, answers), stored results and feedback.
#include <gmock/gmock.h>

#include <algorithm>
#include <thread>

#include "store/store_conformance.h"

namespace scry::store::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Ids(const std::vector<Message>& messages) {
  std::vector<std::string> ids;
  ids.reserve(messages.size());
  for (const Message& message : messages) ids.push_back(message.id);
  return ids;
}

Message Finished(const Message& message, MessageStatus status, const std::string& answer_json) {
  Message finished = message;
  finished.status = status;
  finished.answer_json = answer_json;
  finished.updated_ms = message.created_ms + 500;
  return finished;
}

TEST_P(StoreConformanceTest, AddMessageAssignsSeqAndKeepsFields) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1", "t", 1000);
  Message first;
  first.id = "m1";
  first.conversation_id = "c1";
  first.user_id = ann.id;
  first.seq = 99;  // Ignored: the store assigns it.
  first.question = "Wie viele Bestellungen gab es im März? 注文";
  first.status = MessageStatus::kSubmitted;
  first.created_ms = 2000;
  first.updated_ms = 2000;
  StatusOr<Message> added = store().AddMessage(first);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->seq, 1);
  EXPECT_EQ(AddQuestion(ann.id, "c1", "m2", "q2", 2100).seq, 2);
  EXPECT_EQ(AddQuestion(ann.id, "c1", "m3", "q3", 2200).seq, 3);
  EXPECT_EQ(store().GetConversation(ann.id, "c1")->updated_ms, 2200);

  StatusOr<Message> read = store().GetMessage(ann.id, "c1", "m1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, "m1");
  EXPECT_EQ(read->conversation_id, "c1");
  EXPECT_EQ(read->user_id, ann.id);
  EXPECT_EQ(read->seq, 1);
  EXPECT_EQ(read->question, first.question);
  EXPECT_EQ(read->status, MessageStatus::kSubmitted);
  EXPECT_EQ(read->answer_json, "");
  EXPECT_EQ(read->created_ms, 2000);
  EXPECT_EQ(read->updated_ms, 2000);
}

TEST_P(StoreConformanceTest, MessageErrors) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  AddConversation(ann.id, "c2");
  const Message m1 = AddQuestion(ann.id, "c1", "m1");
  EXPECT_EQ(store().AddMessage(m1).status().code(), StatusCode::kAlreadyExists);
  Message orphan = m1;
  orphan.id = "m-orphan";
  orphan.conversation_id = "missing";
  EXPECT_EQ(store().AddMessage(orphan).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetMessage(ann.id, "c1", "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetMessage(ann.id, "c2", "m1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteMessage(ann.id, "c2", "m1").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteMessage(ann.id, "c1", "nope").code(), StatusCode::kNotFound);
  // A failed AddMessage hands out no seq.
  EXPECT_EQ(AddQuestion(ann.id, "c1", "m2").seq, 2);
}

TEST_P(StoreConformanceTest, ListMessagesInSeqOrderWithAnswers) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  AddConversation(ann.id, "empty");
  const Message m1 = AddQuestion(ann.id, "c1", "zzz", "first", 3000);
  AddQuestion(ann.id, "c1", "aaa", "second", 2000);
  ASSERT_TRUE(store()
                  .FinishMessage(Finished(m1, MessageStatus::kCompleted, R"({"rows":1})"), nullptr)
                  .ok());
  StatusOr<std::vector<Message>> messages = store().ListMessages(ann.id, "c1");
  ASSERT_TRUE(messages.ok()) << messages.status();
  EXPECT_THAT(Ids(*messages), ElementsAre("zzz", "aaa"));
  EXPECT_EQ((*messages)[0].answer_json, R"({"rows":1})");
  EXPECT_EQ((*messages)[0].status, MessageStatus::kCompleted);
  EXPECT_THAT(*store().ListMessages(ann.id, "empty"), IsEmpty());
}

TEST_P(StoreConformanceTest, PagesThroughMessages) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    expected.push_back(Numbered("m", i));
    AddQuestion(ann.id, "c1", expected.back(), "q", 2000 + i);
  }
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    StatusOr<Page<Message>> page = store().ListMessagesPage(ann.id, "c1", 3, token);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->items.size(), 3u);
    for (const std::string& id : Ids(page->items)) seen.push_back(id);
    token = page->next_page_token;
  } while (!token.empty() && ++pages < 10);
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, 2);  // Three pages: two with a next token.
  StatusOr<Page<Message>> empty = store().ListMessagesPage(ann.id, "c1", 7, "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->items.size(), 7u);
  EXPECT_TRUE(empty->next_page_token.empty());
}

TEST_P(StoreConformanceTest, ConcurrentMessagesGetDistinctConsecutiveSeqs) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::vector<int64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  const std::string question = "how many orders";
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        StatusOr<Message> added = store().AddMessage(
            UnsavedQuestion(ann.id, "c1", Numbered(Numbered("t", t) + "-", i), question, 2000 + i));
        EXPECT_TRUE(added.ok()) << added.status();
        if (added.ok()) seqs[t].push_back(added->seq);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<int64_t> all;
  for (const auto& per_thread : seqs) {
    // Each thread's own messages come in the order it added them.
    EXPECT_TRUE(std::is_sorted(per_thread.begin(), per_thread.end()));
    all.insert(all.end(), per_thread.begin(), per_thread.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(static_cast<size_t>(kThreads) * kPerThread);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int64_t>(i) + 1;
  EXPECT_EQ(all, expected);
  StatusOr<std::vector<Message>> listed = store().ListMessages(ann.id, "c1");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), expected.size());
  for (size_t i = 0; i < listed->size(); ++i) EXPECT_EQ((*listed)[i].seq, expected[i]);
}

TEST_P(StoreConformanceTest, StatusMovesForwardButNeverLeavesAFinalOne) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  const Message m1 = AddQuestion(ann.id, "c1", "m1");
  ASSERT_TRUE(store().SetMessageStatus("m1", MessageStatus::kUnderstanding, 2100).ok());
  ASSERT_TRUE(store().SetMessageStatus("m1", MessageStatus::kRunning, 2200).ok());
  StatusOr<Message> running = store().GetMessage(ann.id, "c1", "m1");
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->status, MessageStatus::kRunning);
  EXPECT_EQ(running->updated_ms, 2200);
  EXPECT_EQ(store().SetMessageStatus("nope", MessageStatus::kRunning, 2300).code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(store().SetMessageStatus("m1", MessageStatus::kCancelled, 2400).ok());
  for (MessageStatus next : {MessageStatus::kSubmitted, MessageStatus::kRunning,
                             MessageStatus::kCompleted, MessageStatus::kCancelled}) {
    EXPECT_EQ(store().SetMessageStatus("m1", next, 2500).code(), StatusCode::kFailedPrecondition)
        << MessageStatusName(next);
  }
  EXPECT_EQ(store().FinishMessage(Finished(m1, MessageStatus::kCompleted, "{}"), nullptr).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store().GetMessage(ann.id, "c1", "m1")->status, MessageStatus::kCancelled);
}

TEST_P(StoreConformanceTest, EveryFinalStatusIsFinal) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  int n = 0;
  for (MessageStatus final_status :
       {MessageStatus::kCompleted, MessageStatus::kFailed, MessageStatus::kCancelled}) {
    const Message message = AddQuestion(ann.id, "c1", Numbered("m", ++n));
    Message finished = Finished(message, final_status, "{}");
    if (final_status == MessageStatus::kFailed) {
      finished.error_code = "DEADLINE_EXCEEDED";
      finished.error_message = "the query ran longer than 30 s";
    }
    ASSERT_TRUE(store().FinishMessage(finished, nullptr).ok());
    StatusOr<Message> read = store().GetMessage(ann.id, "c1", message.id);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->status, final_status);
    EXPECT_EQ(read->error_code, finished.error_code);
    EXPECT_EQ(read->error_message, finished.error_message);
    EXPECT_EQ(store().SetMessageStatus(message.id, MessageStatus::kRunning, 9000).code(),
              StatusCode::kFailedPrecondition);
  }
}

TEST_P(StoreConformanceTest, FinishMessageStoresAnswerAndResultTogether) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  const Message m1 = AddQuestion(ann.id, "c1", "m1");
  const Message m2 = AddQuestion(ann.id, "c1", "m2");
  // JSON text comes back byte for byte: spacing, escapes, non-ASCII.
  const std::string answer =
      "{\"sql\": \"SELECT count(*) FROM \\\"orders\\\" WHERE note = 'it''s'\",\n"
      "  \"summary\": \"12 345 commandes — 東京\", \"rows\": [[1, null, 2.5e3]]}";
  const StoredResult result{"m1", R"([{"name":"n","type":"BIGINT"}])", "[[1],[2],[3]]", 3, 1000,
                            true};
  ASSERT_TRUE(store().FinishMessage(Finished(m1, MessageStatus::kCompleted, answer), &result).ok());
  StatusOr<Message> read = store().GetMessage(ann.id, "c1", "m1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->answer_json, answer);
  EXPECT_EQ(read->status, MessageStatus::kCompleted);
  EXPECT_EQ(read->updated_ms, m1.created_ms + 500);
  StatusOr<StoredResult> stored = store().GetResult("m1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->message_id, "m1");
  EXPECT_EQ(stored->columns_json, result.columns_json);
  EXPECT_EQ(stored->rows_json, result.rows_json);
  EXPECT_EQ(stored->stored_rows, 3);
  EXPECT_EQ(stored->total_rows, 1000);
  EXPECT_TRUE(stored->truncated);

  // Without a result, none is stored.
  ASSERT_TRUE(store().FinishMessage(Finished(m2, MessageStatus::kFailed, ""), nullptr).ok());
  EXPECT_EQ(store().GetResult("m2").status().code(), StatusCode::kNotFound);

  // A refused finish writes nothing, the result included.
  const StoredResult other{"m1", "[]", "[]", 0, 0, false};
  EXPECT_EQ(store().FinishMessage(Finished(m1, MessageStatus::kFailed, "{}"), &other).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store().GetResult("m1")->rows_json, "[[1],[2],[3]]");
  EXPECT_EQ(store().GetMessage(ann.id, "c1", "m1")->answer_json, answer);
}

TEST_P(StoreConformanceTest, FinishMessageErrors) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  const Message m1 = AddQuestion(ann.id, "c1", "m1");
  const StoredResult result{"m1", "[]", "[[1]]", 1, 1, false};
  EXPECT_EQ(store().FinishMessage(Finished(m1, MessageStatus::kRunning, "{}"), &result).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().GetResult("m1").status().code(), StatusCode::kNotFound);
  Message ghost = Finished(m1, MessageStatus::kCompleted, "{}");
  ghost.id = "ghost";
  EXPECT_EQ(store().FinishMessage(ghost, &result).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetResult("ghost").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, DeleteMessageTakesItsResultAndFeedbackAndKeepsSeqsUnique) {
  const User ann = AddUser("ann@example.com");
  AddConversation(ann.id, "c1");
  AddQuestion(ann.id, "c1", "m1");
  const Message m2 = AddQuestion(ann.id, "c1", "m2");
  const StoredResult result{"m2", "[]", "[[1]]", 1, 1, false};
  ASSERT_TRUE(store().FinishMessage(Finished(m2, MessageStatus::kCompleted, "{}"), &result).ok());
  ASSERT_TRUE(store().PutFeedback({"m2", ann.id, Rating::kDown, "wrong", 3000}).ok());

  ASSERT_TRUE(store().DeleteMessage(ann.id, "c1", "m2").ok());
  EXPECT_EQ(store().GetMessage(ann.id, "c1", "m2").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetResult("m2").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetFeedback("m2", ann.id).status().code(), StatusCode::kNotFound);
  EXPECT_THAT(Ids(*store().ListMessages(ann.id, "c1")), ElementsAre("m1"));
  EXPECT_EQ(store().GetConversation(ann.id, "c1")->message_count, 1);
  // The next message never takes the seq of the deleted one.
  EXPECT_GT(AddQuestion(ann.id, "c1", "m3").seq, m2.seq);
}

TEST_P(StoreConformanceTest, ListUnfinishedMessagesOfEveryUser) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AddConversation(ann.id, "a");
  AddConversation(bob.id, "b");
  AddQuestion(ann.id, "a", "submitted", "q", 2000);
  const Message done = AddQuestion(ann.id, "a", "done", "q", 2001);
  AddQuestion(bob.id, "b", "running", "q", 2002);
  const Message cancelled = AddQuestion(bob.id, "b", "cancelled", "q", 2003);
  AddQuestion(bob.id, "b", "understanding", "q", 2004);
  ASSERT_TRUE(store().SetMessageStatus("running", MessageStatus::kRunning, 2100).ok());
  ASSERT_TRUE(store().SetMessageStatus("understanding", MessageStatus::kUnderstanding, 2100).ok());
  ASSERT_TRUE(store().FinishMessage(Finished(done, MessageStatus::kCompleted, "{}"), nullptr).ok());
  ASSERT_TRUE(
      store().FinishMessage(Finished(cancelled, MessageStatus::kCancelled, ""), nullptr).ok());
  StatusOr<std::vector<Message>> unfinished = store().ListUnfinishedMessages();
  ASSERT_TRUE(unfinished.ok()) << unfinished.status();
  std::vector<std::string> ids = Ids(*unfinished);
  std::sort(ids.begin(), ids.end());
  EXPECT_THAT(ids, ElementsAre("running", "submitted", "understanding"));
}

TEST_P(StoreConformanceTest, FeedbackIsOnePerMessageAndUserAndIsReplaced) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AddConversation(ann.id, "c1");
  AddQuestion(ann.id, "c1", "m1");
  EXPECT_EQ(store().GetFeedback("m1", ann.id).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store().PutFeedback({"m1", ann.id, Rating::kUp, "", 3000}).ok());
  ASSERT_TRUE(store().PutFeedback({"m1", bob.id, Rating::kDown, "no", 3050}).ok());
  ASSERT_TRUE(store().PutFeedback({"m1", ann.id, Rating::kDown, "wrong month", 3100}).ok());
  StatusOr<Feedback> read = store().GetFeedback("m1", ann.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->message_id, "m1");
  EXPECT_EQ(read->user_id, ann.id);
  EXPECT_EQ(read->rating, Rating::kDown);
  EXPECT_EQ(read->comment, "wrong month");
  EXPECT_EQ(read->created_ms, 3100);
  EXPECT_EQ(store().GetFeedback("m1", bob.id)->comment, "no");
  ASSERT_TRUE(store().PutFeedback({"m1", ann.id, Rating::kNone, "", 3200}).ok());
  EXPECT_EQ(store().GetFeedback("m1", ann.id)->rating, Rating::kNone);
  EXPECT_EQ(store().PutFeedback({"missing", ann.id, Rating::kUp, "", 3000}).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ListFeedbackGivesTheUsersFeedbackInOneConversation) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AddConversation(ann.id, "c1");
  AddConversation(ann.id, "c2");
  AddQuestion(ann.id, "c1", "m1");
  AddQuestion(ann.id, "c1", "m2");
  AddQuestion(ann.id, "c1", "m3");
  AddQuestion(ann.id, "c2", "m4");
  StatusOr<std::vector<Feedback>> none = store().ListFeedback(ann.id, "c1");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(store().PutFeedback({"m3", ann.id, Rating::kDown, "wrong year", 3000}).ok());
  ASSERT_TRUE(store().PutFeedback({"m1", ann.id, Rating::kUp, "", 3100}).ok());
  ASSERT_TRUE(store().PutFeedback({"m4", ann.id, Rating::kUp, "other", 3200}).ok());
  ASSERT_TRUE(store().PutFeedback({"m2", bob.id, Rating::kUp, "not hers", 3300}).ok());
  StatusOr<std::vector<Feedback>> listed = store().ListFeedback(ann.id, "c1");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].message_id, "m1");  // in message order
  EXPECT_EQ((*listed)[0].rating, Rating::kUp);
  EXPECT_EQ((*listed)[1].message_id, "m3");
  EXPECT_EQ((*listed)[1].comment, "wrong year");
  EXPECT_EQ((*listed)[1].created_ms, 3000);
  // Another user's conversation gives nothing, even their own feedback in it.
  StatusOr<std::vector<Feedback>> bobs = store().ListFeedback(bob.id, "c1");
  ASSERT_TRUE(bobs.ok()) << bobs.status();
  EXPECT_TRUE(bobs->empty());
  EXPECT_TRUE(store().ListFeedback(ann.id, "missing")->empty());
}

}  // namespace
}  // namespace scry::store::conformance
