"""`python -m marsad.cli`: the same as the `marsad` command."""

from marsad.cli import main

if __name__ == "__main__":
    main()
