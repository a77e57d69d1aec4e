name = "database01"
