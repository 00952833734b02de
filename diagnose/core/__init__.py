"""What every stage uses: errors, the data models, reading YAML, tables and values, writing files."""
