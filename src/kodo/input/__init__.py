"""Input: files and documents -> the validated applicant (snapshot or dated history)."""
