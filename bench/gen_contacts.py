"""Writes a deterministic contacts CSV: header + N rows of 7 columns (about 95 bytes a row)."""
import random
import sys

FIRST = ["Anne", "Jan", "Pieter", "Sanne", "René", "Joost", "Fleur", "Daan", "Emma", "Lucas", "Zoë", "Bram"]
LAST = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Dubois", "van Dijk"]
CITY = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Liège", "'s-Hertogenbosch"]


def main(path, count, seed=7):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("email,firstname,lastname,city,birthdate,phone,points\n")
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            city = rng.choice(CITY)
            city = f'"{city}, NL"' if n % 10 == 0 else city
            out.write(f"customer{n:07d}.{first.lower()}@example{n % 97}.com,{first},{last},{city},"
                      f"{1950 + n % 55}-{1 + n % 12:02d}-{1 + n % 28:02d},+3161{n % 10000000:07d},{rng.randint(0, 99999)}\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
