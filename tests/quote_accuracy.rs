//! Quote recall and speaker accuracy on the PFSA-ID dev articles in
//! `../shared/data` (CC BY-NC-SA, evaluation only: read in place, never
//! copied). Skips, saying so, when that folder is absent.
//!
//! Floors from issue #5: recall 90 at overlap 0.3 and 80 at 0.8, speaker
//! accuracy 88. PFSA annotates only public figures' direct statements, so its
//! precision is not a floor (see README, "Quotes").

#[path = "support/gold.rs"]
mod gold;

#[test]
fn pfsa_recall_and_speakers() {
    let Some(s) = gold::shared_scores("quotes-pfsa-dev.jsonl") else {
        return;
    };
    let q = s.quotes.expect("the PFSA file annotates quotes");
    let (r03, r08) = (q.overlap_03.recall(), q.overlap_08.recall());
    let speakers = q.speaker_accuracy.percent();
    assert!(r03 >= 90.0, "recall at 0.3: {r03:.2} < 90");
    assert!(r08 >= 80.0, "recall at 0.8: {r08:.2} < 80");
    assert!(speakers >= 88.0, "speaker accuracy {speakers:.2} < 88");
}
