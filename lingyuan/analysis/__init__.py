"""The analysis wing: derived numbers, charts, the topic modules (industry, income,
social, profile, audit) and the notebook parameter checks."""
