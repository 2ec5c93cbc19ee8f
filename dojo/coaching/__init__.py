"""Understanding coach moves: labels, the classifier, the Coaching Kata scorer."""
