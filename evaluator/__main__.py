from evaluator.cli import main

if __name__ == "__main__":  # not when a worker process (evaluator/parallel.py) imports it again
    main()
