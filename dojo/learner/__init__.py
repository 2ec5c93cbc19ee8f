"""The simulated learner: state the coaching changes, and answers drawn from the scenario."""
